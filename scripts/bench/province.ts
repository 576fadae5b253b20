/**
 * Benchmark b: a province at Điện Biên's size — 115 communes, 1,441 villages, ~50 OCOP products — through
 * a whole plan year on the time-skipping server. One campaign per district starts its dossiers, reminds
 * idle units and summarises each deadline. Cohorts: 60 % act on time, 30 % late, 10 % never; everyone
 * who submits is taken to a recognition decision. Counts every reminder, escalation, summary and decision.
 *
 * `scale` < 1 runs the same mix on a fraction of the units (what fits); the report says which.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalDataConverter } from '../../app/temporal-codec';
import { createActivities } from '../../activities';
import { verifyAuditChain } from '../../store/audit-chain';
import { dienBienPlan2021Input, loadPlanYear, type PlanYear } from '../../domain/calendar';
import { getCriteriaSet } from '../../domain/criteria';
import { dossierDeadlines, planDossier, type DossierInput } from '../../domain/dossier';
import { DIEN_BIEN_UNITS, findUnit, getPipelineConfig, type Unit } from '../../domain/units';
import { ensureTestServer } from '../../infra/toolchain';
import {
  actUpdate,
  campaignWorkflowId,
  DEFAULT_MAINTENANCE,
  dossierWorkflowId,
  type CampaignRegistration,
  type CampaignWorkflowInput,
} from '../../workflows/definitions';
import { benchDatabase, bundleFor, ms, pool, quietRuntime, round } from './common';
import { submit, toDecision, type Act } from './pipeline';
import { bareActUpdate, type BareInput } from './bare-workflow';

export const PROVINCE_SIZE = { communes: 115, villages: 1441, ocop: 50 };

export interface ProvinceOptions {
  scale: number;
  concurrency: number;
  log: (line: string) => void;
  /** Run the bare baseline after the year (default true). */
  bare?: boolean;
  /** Write a CPU profile of the run's main process to this folder (the worker runs in-process). */
  profileDir?: string;
}

export interface ProvinceResult {
  scale: number;
  dossiers: { communes: number; villages: number; ocop: number; total: number };
  cohorts: { onTime: number; late: number; idle: number };
  updates: number;
  wallSeconds: number;
  phases: Record<string, number>;
  counted: {
    notificationsByKind: Record<string, number>;
    decisions: number;
    recognised: number;
    lateDossiers: number;
    deadlineSummaries: number;
    summaryTotals: { onTime: number; late: number; missing: number };
    auditRecords: number;
    auditChainOk: boolean;
    duplicateNotificationKeys: number;
  };
  projectedFullSeconds?: number;
  /**
   * Temporal alone on the same server in the same run: one bare workflow per dossier (4 timers, one no-op
   * activity at the start and one per Update), each sent as many Updates as its dossier was, by the same
   * pool. `ratio` = bare seconds / the province's seconds in its working phases (start and actions).
   */
  bare?: { workflows: number; updates: number; seconds: number; provinceSeconds: number; ratio: number };
}

export function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; messageEn: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.messageEn}`);
  return r.value;
}

export function planFor(year: number, district: string): PlanYear {
  const text = JSON.stringify(dienBienPlan2021Input)
    .replace(/2021-/g, `${year}-`)
    .replace(/"year":2021/g, `"year":${year}`);
  const plan = must(loadPlanYear(JSON.parse(text)));
  return { ...plan, unitCode: district };
}

/** Điện Biên's units plus synthesised villages (thôn/bản) up to the province's 1,441, spread over its communes. */
export function provinceUnits(villages: number): Unit[] {
  const units = [...DIEN_BIEN_UNITS];
  const communes = units.filter((u) => u.level === 'commune');
  let have = units.filter((u) => u.level === 'village').length;
  for (let k = 0; have < villages; k++) {
    const c = communes[k % communes.length]!;
    units.push({
      code: `${c.code}/ban-${Math.floor(k / communes.length) + 1}`,
      level: 'village',
      name: `Bản ${Math.floor(k / communes.length) + 1} (${c.name})`,
      parentCode: c.code,
    } as Unit);
    have += 1;
  }
  return units;
}

export async function runProvince(o: ProvinceOptions): Promise<ProvinceResult> {
  quietRuntime();
  const phases: Record<string, number> = {};
  const t0 = Date.now();
  const n = {
    communes: Math.max(1, Math.round(PROVINCE_SIZE.communes * o.scale)),
    villages: Math.max(1, Math.round(PROVINCE_SIZE.villages * o.scale)),
    ocop: Math.max(1, Math.round(PROVINCE_SIZE.ocop * o.scale)),
  };
  o.log(`province: ${n.communes} communes, ${n.villages} villages, ${n.ocop} OCOP products (scale ${o.scale})`);
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? (await ensureTestServer());
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path } },
    client: { dataConverter: temporalDataConverter() },
  });
  const database = await benchDatabase('sqlite');
  const db = database.db;
  const taskQueue = `province-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    dataConverter: temporalDataConverter(),
    taskQueue,
    workflowBundle: await bundleFor('dossier'),
    activities: createActivities({ db, provider: 'sqlite' }),
  });
  const running = worker.run();
  try {
    const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
    const units = provinceUnits(PROVINCE_SIZE.villages);
    await db.unit.createMany({ data: units.map((u) => ({ code: u.code, level: u.level, name: u.name, parentCode: u.parentCode })) });
    const pipeline = must(getPipelineConfig('three-tier'));
    const sets = {
      commune: must(getCriteriaSet('commune-ntm-2021-2025')),
      village: must(getCriteriaSet('village-dien-bien-2022')),
      ocop: must(getCriteriaSet('ocop-2021')),
    };
    const communes = units.filter((u) => u.level === 'commune').slice(0, n.communes);
    const villages = units.filter((u) => u.level === 'village').slice(0, n.villages);
    const dossiers: DossierInput[] = [
      ...communes.map((unit) => must(planDossier({ unit, units, title: 'commune.dat-chuan', planYear: year, set: sets.commune, pipeline }))),
      ...villages.map((unit) => must(planDossier({ unit, units, title: 'village.dat-chuan', planYear: year, set: sets.village, pipeline }))),
      ...Array.from({ length: n.ocop }, (_, i) => {
        const unit = communes[(i * 7) % communes.length]!;
        return must(
          planDossier({
            unit,
            units,
            title: 'ocop.sao',
            planYear: year,
            set: sets.ocop,
            pipeline,
            product: { code: `san-pham-${i + 1}`, name: `Sản phẩm OCOP ${i + 1}` },
          }),
        );
      }),
    ];
    const districtOf = (d: DossierInput) => {
      let u = findUnit(units, d.unitCode);
      while (u && u.level !== 'district') u = u.parentCode ? findUnit(units, u.parentCode) : undefined;
      return u!.code;
    };
    // Campaigns, one per district (as the plans are made): they start every dossier.
    const byDistrict = new Map<string, CampaignRegistration[]>();
    for (const d of dossiers) {
      const district = districtOf(d);
      const plan = planFor(year, district);
      const regs = byDistrict.get(district) ?? [];
      regs.push({ unitCode: d.unitCode, title: d.title, dossier: d, deadlines: dossierDeadlines(plan, d.title) });
      byDistrict.set(district, regs);
    }
    let t = Date.now();
    const campaigns: WorkflowHandle[] = [];
    for (const [district, registrations] of byDistrict) {
      const input: CampaignWorkflowInput = {
        planId: `bench-${year}/${district}`,
        plan: planFor(year, district),
        registrations,
        maintenance: DEFAULT_MAINTENANCE,
      };
      campaigns.push(await env.client.workflow.start('campaignWorkflow', { taskQueue, workflowId: campaignWorkflowId(input.planId), args: [input] }));
    }
    // Every dossier registered (its projection row written) before the year starts to run.
    for (;;) {
      const c = await db.dossier.count();
      if (c >= dossiers.length) break;
      if (ms(t) > 30 * 60_000) throw new Error(`only ${c} of ${dossiers.length} dossiers registered after 30 min`);
      await new Promise((r) => setTimeout(r, 500));
    }
    phases.start = ms(t) / 1000;
    o.log(`province: ${dossiers.length} dossiers started in ${round(phases.start)} s`);

    // Cohorts by position: every 10 → 6 on time, 3 late, 1 never acts.
    const cohort = (i: number) => (i % 10 < 6 ? 'onTime' : i % 10 < 9 ? 'late' : 'idle');
    const onTime = dossiers.filter((_, i) => cohort(i) === 'onTime');
    const late = dossiers.filter((_, i) => cohort(i) === 'late');
    let updates = 0;
    const updatesOf = new Map<string, number>();
    const act =
      (d: DossierInput): Act =>
      (actor, command) => {
        updates += 1;
        updatesOf.set(d.dossierId, (updatesOf.get(d.dossierId) ?? 0) + 1);
        return env.client.workflow.getHandle(dossierWorkflowId(d.dossierId)).executeUpdate(actUpdate, { args: [{ actor, command }] });
      };
    const sleepUntil = async (iso: string) => {
      const target = new Date(iso).getTime();
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
    };
    const submitted = new Map<string, Awaited<ReturnType<typeof submit>>['status']>();
    const phase = async (name: string, at: string, f: () => Promise<unknown>) => {
      const tt = Date.now();
      await sleepUntil(at);
      phases[`${name}.sleep`] = ms(tt) / 1000;
      const ta = Date.now();
      await f();
      phases[name] = ms(ta) / 1000;
      o.log(`province: ${name} (${at}) ${round(phases[name]!)} s after ${round(phases[`${name}.sleep`]!)} s of skipped time; ${updates} updates so far`);
    };
    await phase('on-time submissions', `${year}-08-20T09:00:00+07:00`, () =>
      pool(onTime.length, o.concurrency, async (i) => submitted.set(onTime[i]!.dossierId, (await submit(act(onTime[i]!), onTime[i]!)).status)),
    );
    await phase('late submissions', `${year}-10-20T09:00:00+07:00`, () =>
      pool(late.length, o.concurrency, async (i) => submitted.set(late[i]!.dossierId, (await submit(act(late[i]!), late[i]!)).status)),
    );
    const toDecide = [...onTime, ...late];
    await phase('reviews and decisions', `${year}-11-05T09:00:00+07:00`, () =>
      pool(toDecide.length, o.concurrency, async (i) => {
        const d = toDecide[i]!;
        // The status may have moved since submission (verification fed back): read it fresh.
        const s = await env.client.workflow.getHandle(dossierWorkflowId(d.dossierId)).query<ReturnType<typeof submitted.get>>('dossier.status');
        await toDecision(act(d), d, s ?? submitted.get(d.dossierId)!, `${year}-11-05`);
      }),
    );
    await phase('to the end of the year', `${year}-12-31T18:00:00+07:00`, async () => {
      for (const c of campaigns) await c.result();
    });
    const wallSeconds = ms(t0) / 1000;

    const kinds = await db.notification.groupBy({ by: ['kind'], _count: { _all: true } });
    const notificationsByKind = Object.fromEntries(kinds.map((k) => [k.kind, k._count._all]));
    const summaries = await db.deadlineSummary.findMany();
    const totals = { onTime: 0, late: 0, missing: 0 };
    for (const s of summaries) {
      totals.onTime += (JSON.parse(s.onTime) as unknown[]).length;
      totals.late += (JSON.parse(s.late) as unknown[]).length;
      totals.missing += (JSON.parse(s.missing) as unknown[]).length;
    }
    const dupes = await db.notification.groupBy({ by: ['idempotencyKey'], _count: { _all: true }, having: { idempotencyKey: { _count: { gt: 1 } } } });
    const chain = await verifyAuditChain(db);
    const result: ProvinceResult = {
      scale: o.scale,
      dossiers: { ...n, total: dossiers.length },
      cohorts: { onTime: onTime.length, late: late.length, idle: dossiers.length - onTime.length - late.length },
      updates,
      wallSeconds: round(wallSeconds, 1),
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v, 1)])),
      counted: {
        notificationsByKind,
        decisions: await db.dossier.count({ where: { decisionNumber: { not: null } } }),
        recognised: await db.dossier.count({ where: { stage: 'recognised' } }),
        lateDossiers: await db.dossier.count({ where: { late: true } }),
        deadlineSummaries: summaries.length,
        summaryTotals: totals,
        auditRecords: chain.records,
        auditChainOk: chain.ok,
        duplicateNotificationKeys: dupes.length,
      },
      ...(o.scale < 1 ? { projectedFullSeconds: round(wallSeconds / o.scale, 0) } : {}),
    };
    if (o.bare !== false) {
      const provinceSeconds =
        (phases.start ?? 0) + (phases['on-time submissions'] ?? 0) + (phases['late submissions'] ?? 0) + (phases['reviews and decisions'] ?? 0);
      result.bare = await runBareShape(
        env,
        dossiers.map((d) => updatesOf.get(d.dossierId) ?? 0),
        o.concurrency,
        provinceSeconds,
      );
      o.log(
        `province: bare ${result.bare.workflows} workflows, ${result.bare.updates} updates in ${result.bare.seconds} s vs ${result.bare.provinceSeconds} s → ratio ${result.bare.ratio}`,
      );
    }
    o.log(
      `province: ${round(wallSeconds)} s wall, ${updates} updates, ${result.counted.decisions} decisions, notifications ${JSON.stringify(notificationsByKind)}`,
    );
    return result;
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await env.teardown();
    await database.drop();
  }
}

/** The province's shape with Temporal alone (see `ProvinceResult.bare`), on the same time-skipping server. */
async function runBareShape(
  env: TestWorkflowEnvironment,
  updatesPer: number[],
  concurrency: number,
  provinceSeconds: number,
): Promise<NonNullable<ProvinceResult['bare']>> {
  const taskQueue = `province-bare-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    dataConverter: temporalDataConverter(),
    taskQueue,
    workflowBundle: await bundleFor('bare'),
    activities: { noop: (seq: number) => Promise.resolve(seq) },
  });
  const running = worker.run();
  try {
    const t = Date.now();
    const handles = await pool(updatesPer.length, concurrency, (i) => {
      const input: BareInput = { updates: updatesPer[i]!, timers: 4, activities: updatesPer[i]! + 1 };
      return env.client.workflow.start('bareWorkflow', { taskQueue, workflowId: `province-bare-${i}-${randomUUID()}`, args: [input] });
    });
    await pool(handles.length, concurrency, async (i) => {
      for (let s = 1; s <= updatesPer[i]!; s++) await handles[i]!.executeUpdate(bareActUpdate, { args: [{ seq: s }] });
    });
    await pool(handles.length, concurrency, (i) => handles[i]!.result());
    const seconds = round(ms(t) / 1000, 1);
    return {
      workflows: handles.length,
      updates: updatesPer.reduce((a, b) => a + b, 0),
      seconds,
      provinceSeconds: round(provinceSeconds, 1),
      ratio: round(seconds / Math.max(0.001, provinceSeconds), 3),
    };
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
  }
}
