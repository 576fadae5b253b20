/**
 * Issue 17 / 14: the API process and a worker process SIGKILLed while a plan's deadline is being changed
 * and reminders fire (real processes: scripts/cluster/api-process.ts and scripts/bench/worker-process.ts,
 * a real Temporal dev server, a SQLite file, the SMTP sink).
 *
 * N dossiers of the seeded two-tier 2027 province plan run with a reminder that falls due seconds after
 * they start; once those reminders are out the province office changes the commune deadline over HTTP
 * twice (31/08/2027 → 30/09/2027, then → 15/10/2027): the API is killed a few milliseconds into the first
 * request and the moment the second is committed, the worker right after each; both come back. The office
 * reloads the plan and saves again only if its change was not kept (as a person would after an error
 * page). Afterwards: every running dossier carries the new dates (one `deadline.changed` per change, its
 * projection's next deadline the last one), exactly two `plan.changed`, every
 * reminder once (no Message-ID twice, one per dossier), the plan-change workflow applied to all, and the
 * audit chain verifies.
 *
 * CI: N = 8 (NTM_REPLAN_KILL_N=… for another N).
 */
import { Client, Connection } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalDataConverter } from '../../app/temporal-codec';
import { planDossierFor } from '../../app/plans';
import { seedReferenceData } from '../../app/seed';
import { dienBienPlan2027 } from '../../domain/calendar';
import { dossierDeadlines, type DossierDeadline } from '../../domain/dossier';
import { DIEN_BIEN_UNITS_2025 } from '../../domain/units';
import { startSmtpSink, type SmtpSink } from '../../infra/smtp-sink';
import { freePort } from '../../infra/temporal-dev-server';
import { spawnWorker, type ChildWorker } from '../../scripts/bench/child-worker';
import { pool, quietRuntime, startBenchTemporal, waitFor, type BenchTemporal } from '../../scripts/bench/common';
import { spawnApiProcess, type EngineProcess } from '../../scripts/cluster/processes';
import { verifyAuditChain } from '../../store/audit-chain';
import { loadUnits } from '../../store/units';
import { DEFAULT_MAINTENANCE, dossierWorkflowId, planChangeStatusQuery, planChangeWorkflowId } from '../../workflows/definitions';
import { PASSWORD, seedPeople } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff } from '../support/people';
import { importTestCommuneGroups } from '../support/plans';

const N = Number(process.env.NTM_REPLAN_KILL_N ?? 8);
jest.setTimeout(420_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestDatabase;
let temporal: BenchTemporal;
let smtp: SmtpSink;
let worker: ChildWorker | undefined;
let api: EngineProcess | undefined;
let connection: Connection;
let client: Client;
let dataDir: string;
let apiPort: number;
const taskQueue = `replan-kill-${Date.now() % 100_000}`;
const PLAN_ID = '2027:dien-bien';
const COMMUNES = DIEN_BIEN_UNITS_2025.filter((u) => u.level === 'commune')
  .slice(0, N)
  .map((u) => u.code);

const startWorkerChild = () =>
  spawnWorker({ TEMPORAL_ADDRESS: temporal.server.address, TASK_QUEUE: taskQueue, DATABASE_URL: t.url, SMTP_URL: smtp.url }, 120_000);
const startApi = () =>
  spawnApiProcess('api', {
    TEMPORAL_ADDRESS: temporal.server.address,
    TASK_QUEUE: taskQueue,
    DATABASE_URL: t.url,
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
  });
const base = () => `http://127.0.0.1:${apiPort}`;

beforeAll(async () => {
  quietRuntime();
  dataDir = mkdtempSync(join(tmpdir(), 'ntm-replan-kill-'));
  t = await createTestDatabase('sqlite');
  await seedReferenceData(t.db, new Date());
  await importTestCommuneGroups(t.db, 3, COMMUNES);
  await seedPeople(t, [{ username: 'tinh.vpdp', displayName: 'VPĐP tỉnh Điện Biên', role: 'provincial_office', unitCode: 'dien-bien' }]);
  await seedStaff(
    t.db,
    COMMUNES.map((c, i) => ({ username: `xa-${i}`, role: 'commune_official', unitCode: c, email: `xa-${i}@ntm.local` })),
  );
  temporal = await startBenchTemporal();
  smtp = await startSmtpSink();
  connection = await Connection.connect({ address: temporal.server.address });
  client = new Client({ dataConverter: temporalDataConverter(), connection });
  apiPort = await freePort();
  worker = await startWorkerChild();
  api = await startApi();
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await connection?.close();
  await temporal?.stop();
  await smtp?.close();
  await t?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function http(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${base()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}
async function signIn(): Promise<string> {
  const r = await fetch(`${base()}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'tinh.vpdp', password: PASSWORD }),
  });
  return ((await r.json()) as { token: string }).token;
}

it(`keeps a deadline change of ${N} running dossiers through SIGKILLs of the API and the worker: every dossier on the new date, no reminder twice`, async () => {
  const units = await loadUnits(t.db);
  const plan = dienBienPlan2027;
  const t0 = Date.now();
  const reminderAt = t0 + 15_000;
  // The plan's deadlines, with the commune deadline's reminder moved to seconds from now (so it fires while the test runs).
  const withSoonReminder = (ds: DossierDeadline[]): DossierDeadline[] =>
    ds.map((d) =>
      d.id === 'commune-dossier'
        ? ({ ...d, schedule: [{ kind: 'before', offsetDays: -1, date: '2027-08-30', at: reminderAt, key: 'before-1' }] } as DossierDeadline)
        : d,
    );
  const ids: string[] = [];
  await pool(N, 4, async (i) => {
    const unit = units.find((u) => u.code === COMMUNES[i])!;
    const { dossier, deadlines } = planDossierFor({ unit, units, title: 'commune.dat-chuan', planYear: 2027, plan });
    ids.push(dossier.dossierId);
    await client.workflow.start('dossierWorkflow', {
      taskQueue,
      workflowId: dossierWorkflowId(dossier.dossierId),
      args: [{ dossier, deadlines: withSoonReminder(deadlines), maintenance: DEFAULT_MAINTENANCE }],
    });
  });
  await waitFor('dossiers registered', async () => (await t.db.dossier.count({ where: { planYear: 2027 } })) === N, 120_000);
  const reminders = () => smtp.messages.filter((m) => m.headers['x-ntm-reminder-key']?.endsWith('/commune-dossier/before-1'));
  await waitFor('reminders out', async () => new Set(reminders().map((m) => m.messageId)).size >= N, 120_000);

  /**
   * The office changes the commune deadline to `due`; the API is SIGKILLed (at `kill`: a few ms into the
   * request, or the moment the change is committed), the worker right after; both come back. The office
   * reloads and, if its change was not kept, saves it again. Returns the change id that was kept.
   */
  async function changeThroughKills(from: string, due: string, kill: 'blind' | 'after-commit'): Promise<string> {
    let token = await signIn();
    const before = await http('GET', `/api/plans/${encodeURIComponent(PLAN_ID)}`, token);
    const changed = structuredClone(before.json.plan as { deadlines: { id: string; due: string }[] });
    changed.deadlines.find((d) => d.id === 'commune-dossier')!.due = due;
    const body = { plan: changed, version: before.json.version, reasonVi: `Gia hạn theo Công văn số 123/UBND-NN (${due})` };
    const audits = await t.db.auditRecord.count({ where: { action: 'plan.changed' } });
    const inFlight = http('PUT', `/api/plans/${encodeURIComponent(PLAN_ID)}`, token, body).catch((e: unknown) => ({ status: 0, json: { error: String(e) } }));
    if (kill === 'blind') await sleep(Number(process.env.NTM_REPLAN_KILL_DELAY_MS ?? 20 + ((t0 / 7) % 200)));
    else await waitFor('change committed', async () => (await t.db.auditRecord.count({ where: { action: 'plan.changed' } })) > audits, 60_000, 5);
    await api!.kill();
    await worker!.kill();
    const answer = await inFlight;
    await sleep(2_000);
    worker = await startWorkerChild();
    api = await startApi();
    token = await signIn();
    const now = await http('GET', `/api/plans/${encodeURIComponent(PLAN_ID)}`, token);
    const kept = (now.json.plan as { deadlines: { id: string; due: string }[] }).deadlines.find((d) => d.id === 'commune-dossier')!.due === due;
    process.stdout.write(`replan-kill: ${from} → ${due}, API killed ${kill} (answer ${answer.status}): change ${kept ? 'kept' : 'not kept, saved again'}\n`);
    if (kill === 'after-commit') expect(kept).toBe(true);
    if (!kept) {
      const again = await http('PUT', `/api/plans/${encodeURIComponent(PLAN_ID)}`, token, { ...body, version: now.json.version });
      expect(again.status).toBe(200);
    }
    const version = (await http('GET', `/api/plans/${encodeURIComponent(PLAN_ID)}`, token)).json.version as string;
    return `${PLAN_ID}@${version}`;
  }

  /** The change's workflow delivers it to every dossier, each applies it once. */
  async function applied(changeId: string, changes: number): Promise<void> {
    const handle = client.workflow.getHandle(planChangeWorkflowId(changeId));
    await waitFor('change applied', async () => (await handle.query(planChangeStatusQuery).catch(() => undefined))?.state === 'applied', 180_000, 500);
    const status = await handle.query(planChangeStatusQuery);
    expect(status).toMatchObject({ state: 'applied', total: N, closed: [] });
    expect([...status.delivered].sort()).toEqual([...ids].sort());
    await waitFor('every dossier re-planned', async () => (await t.db.timelineEntry.count({ where: { type: 'deadline.changed' } })) >= N * changes, 180_000);
  }

  // 1: killed blind, a few ms into the request (most often before the commit: nothing kept, saved again).
  await applied(await changeThroughKills('31/08/2027', '2027-09-30', 'blind'), 1);
  // 2: killed as soon as the change is seen committed (polled every 5 ms: the answer may already be out;
  // the worker is killed in the middle of the fan-out either way).
  await applied(await changeThroughKills('30/09/2027', '2027-10-15', 'after-commit'), 2);

  const newExpiry = dossierDeadlines(
    { ...plan, deadlines: plan.deadlines.map((d) => (d.id === 'commune-dossier' ? { ...d, due: '2027-10-15' as never } : d)) },
    'commune.dat-chuan',
  ).find((d) => d.id === 'commune-dossier')!.expiresAt;
  for (const id of ids) {
    const changes = await t.db.timelineEntry.findMany({ where: { dossierId: id, type: 'deadline.changed' }, orderBy: { seq: 'asc' } });
    expect(changes.map((c) => c.comment!.match(/\d\d\/\d\d\/2027 → \d\d\/\d\d\/2027/)?.[0])).toEqual(['31/08/2027 → 30/09/2027', '30/09/2027 → 15/10/2027']);
    const row = await t.db.dossier.findUniqueOrThrow({ where: { id }, select: { nextDeadline: true } });
    expect(row.nextDeadline?.getTime()).toBe(newExpiry);
  }
  expect(await t.db.auditRecord.count({ where: { action: 'plan.changed' } })).toBe(2);
  // Every reminder once: each (reminder, recipient) one message, every dossier's reminder out, no Message-ID accepted twice.
  const pairs = reminders().map((m) => `${m.headers['x-ntm-reminder-key']} ${m.to.join(',')}`);
  expect(new Set(pairs).size).toBe(pairs.length);
  expect(new Set(reminders().map((m) => m.headers['x-ntm-reminder-key'])).size).toBe(N);
  expect(smtp.duplicates()).toEqual([]);
  expect(smtp.messages.filter((m) => /commune-dossier@r\d/.test(m.headers['x-ntm-reminder-key'] ?? ''))).toEqual([]);
  const chain = await verifyAuditChain(t.db);
  expect(chain.ok).toBe(true);
});
