/**
 * Issue 14: the office's plan year as something it edits — list the plans in its scope, create one, change
 * one (by form or from a spreadsheet), start its campaign — and a change of deadlines reaching every
 * running dossier of the plan.
 *
 * - Every plan change is validated whole (domain/calendar PlanYearSchema: exact paths, impossible or
 *   overlapping deadlines refused), its registrations must lie in the plan's unit, and it is written with
 *   its audit record (store/audit-chain.ts) in one transaction: nothing is half-written.
 * - Optimistic concurrency: the plan's `updatedAt` is the version token a form or API client sends back;
 *   a save whose token is not the stored one is refused (`PLAN.STALE`), so two offices editing one plan
 *   at once cannot overwrite each other.
 * - A change of deadlines after the campaign started is sent to every running dossier of the plan as the
 *   `dossier.replan` Update (idempotent by change id), which re-plans its reminders; refused on a
 *   finished plan or when a running stage would be due on a day already over (refused before anything
 *   is written, the field named).
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { formatVnDateTime, loadPlanYear, type PlanYear } from '../domain/calendar';
import { dossierDeadlines, type Actor, type DossierState, type DossierStatus } from '../domain/dossier';
import { resolveActor, isWithinUnit, type Principal } from '../domain/access';
import { appError, AppError, unwrap } from '../domain/errors';
import { normalizePlanDates, planUnitsRefusal, readPlanSheet, replanRefusal, unitForYear } from '../domain/plan';
import type { Db, DbProvider } from '../prisma/db';
import { appendAudit } from '../store/audit-chain';
import { displayName } from '../domain/units';
import { loadUnits } from '../store/units';
import { planChangeStatusQuery, planChangeWorkflowId, type PlanChangeStatus, type PlanChangeWorkflowInput } from '../workflows/definitions';
import { planChangeWorkflow } from '../workflows/plan-change';
import { governingPlan, startCampaign, type CampaignStart } from './plans';
import { readSheet } from './imports';
import { fromTemporal } from './temporal-errors';

export interface PlanEditingDeps {
  db: Db;
  provider?: DbProvider | undefined;
  temporal: Client;
  taskQueue: string;
  clock: () => Date;
}

export interface PlanView {
  id: string;
  year: number;
  unitCode: string;
  unitName: string;
  /** The version token to send back with a change (the row's updatedAt, ISO). */
  version: string;
  plan: PlanYear;
  /** Dossiers of the plan: all, and those still running (not decided, not closed). */
  dossiers: number;
  running: number;
}

export interface ReplanLine {
  dossierId: string;
  unitCode: string;
  /** `applying`: handed to the change's workflow, which delivers it (each dossier's timeline shows it when applied). */
  outcome: 'applying' | 'replanned' | 'refused';
  messageVi?: string;
  messageEn?: string;
}

export interface PlanSaved {
  plan: PlanView;
  /** The running dossiers the change is being applied to (empty when no deadline moved or none is running). */
  replanned: ReplanLine[];
  /** The durable carrier of a deadline change (workflows/plan-change.ts): its id, to follow its progress. */
  change?: { changeId: string; workflowId: string };
}

const planEventId = (planId: string, stamp: Date): string => `plan:${planId}@${stamp.toISOString()}`;

interface PlanDossierRow {
  id: string;
  unitCode: string;
  title: string;
  state: DossierState;
  status: DossierStatus;
}

const finishedStatus = (s: DossierStatus): boolean => s.final || s.tags.includes('decided');

function invalidPlan(e: AppError): AppError {
  return new AppError(e, 'invalid');
}

export function planEditing(deps: PlanEditingDeps) {
  const provider = deps.provider ?? 'sqlite';
  const now = () => deps.clock();

  function actorFor(principal: Principal, unitCode: string): Actor {
    return unwrap(resolveActor(principal, { action: 'plan.manage', at: now().toISOString(), unitCode }));
  }

  async function rowOrThrow(id: string) {
    const row = await deps.db.plan.findUnique({ where: { id } });
    if (!row) throw appError('PLAN.NOT_FOUND', `Không tìm thấy kế hoạch "${id}"`, `No plan "${id}"`, { path: 'planId' });
    return row;
  }

  /** The dossiers a plan governs (its year, its unit's subtree, and no nearer plan). */
  async function dossiersOf(row: { year: number; unitCode: string }): Promise<PlanDossierRow[]> {
    const plans = await deps.db.plan.findMany({ where: { year: row.year }, select: { year: true, unitCode: true } });
    const rows = await deps.db.dossier.findMany({
      where: { planYear: row.year, unitCode: { startsWith: row.unitCode } },
      select: { id: true, unitCode: true, title: true, state: true, status: true },
    });
    return rows
      .filter((d) => isWithinUnit(d.unitCode, row.unitCode) && governingPlan(plans, d.unitCode, row.year)?.unitCode === row.unitCode)
      .map((d) => ({
        id: d.id,
        unitCode: d.unitCode,
        title: d.title,
        state: JSON.parse(d.state) as DossierState,
        status: JSON.parse(d.status) as DossierStatus,
      }));
  }

  async function view(row: { id: string; year: number; unitCode: string; data: string; updatedAt: Date }): Promise<PlanView> {
    const plan = unwrap(loadPlanYear(JSON.parse(row.data)));
    const dossiers = await dossiersOf(row);
    return {
      id: row.id,
      year: row.year,
      unitCode: row.unitCode,
      unitName: plan.unitName,
      version: row.updatedAt.toISOString(),
      plan,
      dossiers: dossiers.length,
      running: dossiers.filter((d) => !finishedStatus(d.status)).length,
    };
  }

  /** Validates a plan as a whole and its registrations against the unit tree (the plan's own unit and below). */
  async function validated(input: unknown, unitCode?: string): Promise<PlanYear> {
    const r = loadPlanYear(normalizePlanDates(input));
    if (!r.ok) throw invalidPlan(new AppError(r.error));
    const plan = r.value;
    if (unitCode !== undefined && plan.unitCode !== unitCode) {
      throw appError('PLAN.INVALID', 'Không đổi được đơn vị của kế hoạch', 'The plan’s unit cannot change', { path: 'unitCode', kind: 'invalid' });
    }
    const units = await loadUnits(deps.db);
    const own = unitForYear(units, plan.unitCode, plan.year);
    if (!own) {
      throw appError('PLAN.INVALID', `Không có đơn vị "${plan.unitCode}"`, `No unit "${plan.unitCode}"`, { path: 'unitCode', kind: 'invalid' });
    }
    plan.registrations.forEach((reg, i) => {
      const unit = unitForYear(units, reg.unitCode, plan.year);
      if (!unit) {
        throw appError('PLAN.INVALID', `Đăng ký ${i + 1}: không có đơn vị "${reg.unitName}"`, `Registration ${i + 1}: no unit "${reg.unitName}"`, {
          path: `registrations.${i}.unitCode`,
          kind: 'invalid',
        });
      }
      if (!isWithinUnit(unit.code, plan.unitCode)) {
        throw appError(
          'PLAN.OUT_OF_JURISDICTION',
          `Đăng ký ${i + 1}: ${displayName(unit)} không thuộc địa bàn của ${displayName(own)}`,
          `Registration ${i + 1}: ${displayName(unit)} is not within ${displayName(own)}`,
          { path: `registrations.${i}.unitCode`, kind: 'forbidden' },
        );
      }
    });
    // Every unit the plan names exists in its year (a 2031 plan of the abolished Huyện Tuần Giáo, Xã Quài
    // Cang registered in 2027: refused, the unit by its name and period).
    const outOfYear = planUnitsRefusal(plan, units);
    if (outOfYear) throw invalidPlan(new AppError(outOfYear));
    return plan;
  }

  /** Writes the plan row and its audit record in one transaction; refused (nothing written) when the version is stale. */
  async function write(args: {
    id: string;
    year: number;
    unitCode: string;
    plan: PlanYear;
    before: string | null;
    version: string | null;
    actor: Actor;
    reasonVi: string | undefined;
    stamp?: Date;
  }) {
    const stamp = args.stamp ?? stampAfter(args.version);
    const data = JSON.stringify(args.plan);
    return deps.db.$transaction(async (tx) => {
      if (args.version === null) {
        await tx.plan.create({ data: { id: args.id, year: args.year, unitCode: args.unitCode, data, createdAt: stamp, updatedAt: stamp } });
      } else {
        const updated = await tx.plan.updateMany({ where: { id: args.id, updatedAt: new Date(args.version) }, data: { data, updatedAt: stamp } });
        if (updated.count === 0) {
          const current = await tx.plan.findUnique({ where: { id: args.id }, select: { updatedAt: true } });
          const when = current ? formatVnDateTime(current.updatedAt.getTime()) : '—';
          throw appError(
            'PLAN.STALE',
            `Kế hoạch đã được sửa lúc ${when} sau khi anh/chị mở nó: tải lại trang để xem bản mới, thay đổi của anh/chị chưa được lưu`,
            `The plan was changed at ${when} after you opened it: reload to see the new version; your change was not saved`,
            { path: 'version', kind: 'conflict', details: { current: current?.updatedAt.toISOString() } },
          );
        }
      }
      await appendAudit(
        tx,
        {
          eventId: planEventId(args.id, stamp),
          at: stamp,
          actorId: args.actor.id,
          actorRole: args.actor.role,
          actorUnit: args.actor.unitCode,
          onBehalfOf: args.actor.onBehalfOf ?? null,
          action: args.version === null ? 'plan.created' : 'plan.changed',
          before: args.before,
          after: data,
          comment: args.reasonVi ?? null,
        },
        provider,
      );
      return tx.plan.findUniqueOrThrow({ where: { id: args.id } });
    });
  }

  /** The new version token: the clock, but after the old one even when two saves fall in the same millisecond. */
  function stampAfter(version: string | null): Date {
    const at = now();
    return version && at.getTime() <= Date.parse(version) ? new Date(Date.parse(version) + 1) : at;
  }

  /**
   * Starts the durable carrier of a deadline change (workflows/plan-change.ts) before the plan is written:
   * it waits for the change's audit record to be committed, so a request that dies after the commit
   * leaves nothing undelivered, and one that dies before (or is refused) sends nothing.
   */
  async function startChange(row: { id: string }, plan: PlanYear, running: PlanDossierRow[], stamp: Date, actor: Actor, reasonVi: string) {
    const changeId = `${row.id}@${stamp.toISOString()}`;
    const workflowId = planChangeWorkflowId(changeId);
    const input: PlanChangeWorkflowInput = {
      planId: row.id,
      changeId,
      recordedEventId: planEventId(row.id, stamp),
      actor,
      reasonVi,
      plan,
      dossiers: running.map((d) => ({ dossierId: d.id, unitCode: d.unitCode, deadlines: dossierDeadlines(plan, d.title as never) })),
    };
    try {
      await deps.temporal.workflow.start(planChangeWorkflow, {
        taskQueue: deps.taskQueue,
        workflowId,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [input],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw fromTemporal(e, row.id);
    }
    return { changeId, workflowId };
  }

  return {
    /** The plans this person may manage (plan.manage on the plan's unit), newest year first. */
    async list(principal: Principal): Promise<PlanView[]> {
      const rows = await deps.db.plan.findMany({ orderBy: [{ year: 'desc' }, { unitCode: 'asc' }] });
      const out: PlanView[] = [];
      for (const row of rows) {
        if (!resolveActor(principal, { action: 'plan.manage', at: now().toISOString(), unitCode: row.unitCode }).ok) continue;
        const plan = loadPlanYear(JSON.parse(row.data));
        if (!plan.ok) continue;
        out.push(await view(row));
      }
      return out;
    },

    async get(principal: Principal, id: string): Promise<PlanView> {
      const row = await rowOrThrow(id);
      actorFor(principal, row.unitCode);
      return view(row);
    },

    /** A new plan year for an office's unit (one per year and unit). */
    async create(principal: Principal, input: unknown, reasonVi?: string): Promise<PlanView> {
      const plan = await validated(input);
      const actor = actorFor(principal, plan.unitCode);
      const id = `${plan.year}:${plan.unitCode}`;
      if (await deps.db.plan.findUnique({ where: { year_unitCode: { year: plan.year, unitCode: plan.unitCode } } })) {
        throw appError('PLAN.EXISTS', `Đã có kế hoạch năm ${plan.year} của ${plan.unitName}`, `There is already a ${plan.year} plan for ${plan.unitName}`, {
          path: 'year',
        });
      }
      return view(await write({ id, year: plan.year, unitCode: plan.unitCode, plan, before: null, version: null, actor, reasonVi }));
    },

    /**
     * Saves a changed plan: the version token must be the stored one; a deadline change after the
     * campaign started needs a reason and reaches every running dossier.
     */
    async save(principal: Principal, id: string, change: { plan: unknown; version: string; reasonVi?: string | undefined }): Promise<PlanSaved> {
      const row = await rowOrThrow(id);
      const actor = actorFor(principal, row.unitCode);
      const before = unwrap(loadPlanYear(JSON.parse(row.data)));
      const plan = await validated(change.plan, row.unitCode);
      if (plan.year !== row.year) {
        throw appError('PLAN.INVALID', 'Không đổi được năm của kế hoạch', 'The plan’s year cannot change', { path: 'year', kind: 'invalid' });
      }
      if (row.updatedAt.toISOString() !== change.version) {
        throw appError(
          'PLAN.STALE',
          `Kế hoạch đã được sửa lúc ${formatVnDateTime(row.updatedAt.getTime())} sau khi anh/chị mở nó: tải lại trang để xem bản mới, thay đổi của anh/chị chưa được lưu`,
          `The plan was changed at ${formatVnDateTime(row.updatedAt.getTime())} after you opened it: reload to see the new version; your change was not saved`,
          { path: 'version', kind: 'conflict', details: { current: row.updatedAt.toISOString() } },
        );
      }
      const dossiers = await dossiersOf(row);
      const running = dossiers.filter((d) => !finishedStatus(d.status));
      const moved = dossiers.some(
        (d) => JSON.stringify(dossierDeadlines(before, d.title as never)) !== JSON.stringify(dossierDeadlines(plan, d.title as never)),
      );
      if (moved) {
        const yearOver = now().getTime() > Date.parse(`${row.year + 1}-01-01T00:00:00+07:00`);
        if (yearOver || running.length === 0) {
          throw appError(
            'PLAN.FINISHED',
            `Kế hoạch năm ${row.year} đã kết thúc (${yearOver ? 'năm kế hoạch đã qua' : 'mọi hồ sơ đã có quyết định'}): không đổi hạn được nữa`,
            `The ${row.year} plan is finished (${yearOver ? 'the plan year is over' : 'every dossier is decided'}): its deadlines can no longer change`,
            { path: 'deadlines' },
          );
        }
        if (!change.reasonVi?.trim()) {
          throw appError('PLAN.REASON_REQUIRED', 'Đổi hạn khi các hồ sơ đang chạy phải nêu lý do', 'Changing deadlines of running dossiers needs a reason', {
            path: 'reasonVi',
            kind: 'invalid',
          });
        }
        // Every running dossier must accept the new dates: checked before anything is written.
        for (const d of running) {
          const why = replanRefusal(d.state, false, dossierDeadlines(before, d.title as never), dossierDeadlines(plan, d.title as never), now().getTime());
          if (why) {
            const next = dossierDeadlines(plan, d.title as never);
            const deadlineId = why.path ? next[Number(why.path.split('.')[1])]?.id : undefined;
            const index = plan.deadlines.findIndex((x) => x.id === deadlineId);
            throw appError(why.code, why.messageVi, why.messageEn, { path: index >= 0 ? `deadlines.${index}.due` : 'deadlines', kind: 'invalid' });
          }
        }
      }
      const stamp = stampAfter(change.version);
      const carrier = moved ? await startChange(row, plan, running, stamp, actor, change.reasonVi!.trim()) : undefined;
      let saved;
      try {
        saved = await write({
          id,
          year: row.year,
          unitCode: row.unitCode,
          plan,
          before: row.data,
          version: change.version,
          actor,
          reasonVi: change.reasonVi,
          stamp,
        });
      } catch (e) {
        // Not saved: the carrier would find no record and send nothing; end it now rather than after its retries.
        if (carrier)
          await deps.temporal.workflow
            .getHandle(carrier.workflowId)
            .terminate('plan change not saved')
            .catch(() => undefined);
        throw e;
      }
      const replanned: ReplanLine[] = carrier ? running.map((d) => ({ dossierId: d.id, unitCode: d.unitCode, outcome: 'applying' })) : [];
      return { plan: await view(saved), replanned, ...(carrier ? { change: carrier } : {}) };
    },

    /**
     * A plan change from a spreadsheet (.xlsx or .csv, domain/plan/plan-sheet.ts): its registration rows
     * replace the plan's registrations, its deadline rows the deadlines (a sheet without one kind keeps
     * the plan's). One faulty row refuses the whole sheet, every fault named; then saved like a form.
     */
    async importSheet(
      principal: Principal,
      id: string,
      file: { filename: string; bytes: Buffer; version: string; reasonVi?: string | undefined },
    ): Promise<PlanSaved & { rows: number }> {
      const row = await rowOrThrow(id);
      actorFor(principal, row.unitCode);
      const plan = unwrap(loadPlanYear(JSON.parse(row.data)));
      const sheet = unwrap(readPlanSheet(await readSheet(file.filename, file.bytes), plan, await loadUnits(deps.db)));
      const next: PlanYear = {
        ...plan,
        registrations: sheet.registrations.length > 0 ? sheet.registrations : plan.registrations,
        deadlines: sheet.deadlines.length > 0 ? sheet.deadlines : plan.deadlines,
      };
      return { ...(await this.save(principal, id, { plan: next, version: file.version, reasonVi: file.reasonVi })), rows: sheet.rows };
    },

    /** How far a deadline change has been carried (workflows/plan-change.ts status). */
    async changeStatus(principal: Principal, id: string, changeId: string): Promise<PlanChangeStatus> {
      const row = await rowOrThrow(id);
      actorFor(principal, row.unitCode);
      if (!changeId.startsWith(`${row.id}@`)) {
        throw appError('PLAN.CHANGE_NOT_FOUND', `Không có thay đổi "${changeId}" của kế hoạch này`, `No change "${changeId}" of this plan`, {
          path: 'changeId',
        });
      }
      try {
        return await deps.temporal.workflow.getHandle(planChangeWorkflowId(changeId)).query(planChangeStatusQuery);
      } catch (e) {
        throw fromTemporal(e, changeId);
      }
    },

    /** Starts the plan's campaign (app/plans.ts startCampaign): one per plan, a second start is a no-op. */
    async startCampaign(principal: Principal, id: string): Promise<CampaignStart> {
      const row = await rowOrThrow(id);
      actorFor(principal, row.unitCode);
      return startCampaign(deps.db, deps.temporal, deps.taskQueue, row.year, row.unitCode);
    },
  };
}

export type PlanEditing = ReturnType<typeof planEditing>;
