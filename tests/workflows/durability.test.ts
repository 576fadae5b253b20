/**
 * Durability on the time-skipping server: the worker goes away mid-pipeline and comes back; maintenance
 * runs for years through continue-as-new; recorded histories replay without nondeterminism.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { temporalDataConverter } from '../../app/temporal-codec';
import { dossierDeadlines, type Actor, type Command } from '../../domain/dossier';
import { actUpdate, dossierWorkflowId, statusQuery, type DossierWorkflowInput } from '../../workflows/definitions';
import { verifyAuditChain } from '../../store/audit-chain';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff, seedUnits } from '../support/people';
import { dossierFor, shiftedPlan } from '../support/plans';
import { reviewToRecognition, selfAssessAndSubmit } from '../support/pipeline';
import { startWorker, timeSkippingEnv, workflowBundle } from '../support/temporal';

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const HISTORIES = join(__dirname, '..', 'fixtures', 'histories');

let env: TestWorkflowEnvironment;
let t: TestDatabase;
const recorded: { name: string; history: temporal.api.history.v1.IHistory }[] = [];

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  await seedStaff(t.db, [
    { username: 'can-bo-quai-cang', role: 'commune_official', unitCode: COMMUNE, email: 'quaicang@tuangiao.dienbien.gov.vn' },
    { username: 'vpdp-tuan-giao', role: 'district_office', unitCode: 'dien-bien/tuan-giao', email: 'vpdp@tuangiao.dienbien.gov.vn' },
    { username: 'vpdp-dien-bien', role: 'provincial_office', unitCode: 'dien-bien', email: 'vpdp@dienbien.gov.vn' },
  ]);
});

afterAll(async () => {
  // Keep the histories for later code changes to be checked against (see README: replay).
  if (process.env.NTM_RECORD_HISTORIES === '1') {
    mkdirSync(HISTORIES, { recursive: true });
    for (const r of recorded) writeFileSync(join(HISTORIES, `${r.name}.json`), historyToJSON(r.history as never));
  }
  await env?.teardown();
  await t?.drop();
});

const actOn = (id: string) => (actor: Actor, command: Command) => env.client.workflow.getHandle(id).executeUpdate(actUpdate, { args: [{ actor, command }] });

async function sleepUntil(iso: string): Promise<void> {
  const target = new Date(iso).getTime();
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

it('finishes a pipeline correctly when the worker stops midway and a new one takes over, with no reminder or audit row twice', async () => {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025', year);
  const input: DossierWorkflowInput = {
    dossier,
    deadlines: dossierDeadlines(shiftedPlan(year), 'commune.dat-chuan'),
    maintenance: { reviewEveryDays: 365, cyclesPerRun: 1 },
  };
  const id = dossierWorkflowId(dossier.dossierId);
  const act = actOn(id);

  // No workflow cache: every task replays the history from the start (and the server keeps no sticky
  // queue for a worker about to vanish, which the time-skipping server would wait on).
  const first = await startWorker(env, t, { maxCachedWorkflows: 0 });
  await first.worker.runUntil(async () => {
    await env.client.workflow.start('dossierWorkflow', { taskQueue: first.taskQueue, workflowId: id, args: [input] });
    await sleepUntil(`${year}-08-20T00:00:00+07:00`); // before-14 sent
  });
  const mailBefore = first.smtp.messages.length;
  await first.close();
  expect(mailBefore).toBeGreaterThan(0);

  // A new worker (no cache: it rebuilds the workflow by replaying its history) takes over on the same
  // task queue; the deadline passes under it. (The time-skipping server does not move time while a
  // workflow task waits for a worker, so the gap itself is not skipped here; tests/faults kill a real
  // worker process on a real dev server.)
  const second = await startWorker(env, t, { taskQueue: first.taskQueue });
  await second.worker.runUntil(async () => {
    await env.sleep('20 days');
    const s = await env.client.workflow.getHandle(id).query(statusQuery);
    expect(s.late).toEqual({ 'commune.submit': `${year}-08-31` });
    const submitted = await selfAssessAndSubmit(act, dossier);
    const decided = await reviewToRecognition(act, dossier, submitted);
    expect(decided.stage).toBe('recognised');
  });
  await second.close();

  const keys = (await t.db.notification.findMany({ where: { dossierId: dossier.dossierId } })).map((n) => n.idempotencyKey);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.some((k) => k.includes('/commune-dossier/before-14/'))).toBe(true);
  expect(keys.some((k) => k.includes('/commune-dossier/overdue-'))).toBe(true);
  // Every reminder reached each address once across both workers.
  const mails = [...first.smtp.messages, ...second.smtp.messages].map((m) => `${m.headers['x-ntm-reminder-key']}|${m.to[0]}`);
  expect(new Set(mails).size).toBe(mails.length);
  const audit = await t.db.auditRecord.findMany({ where: { dossierId: dossier.dossierId } });
  const timeline = await t.db.timelineEntry.count({ where: { dossierId: dossier.dossierId } });
  expect(audit.length).toBe(timeline + 1); // + dossier.started
  expect((await verifyAuditChain(t.db)).ok).toBe(true);
  recorded.push({ name: 'commune-worker-restart', history: await env.client.workflow.getHandle(id).fetchHistory() });
  await env.client.workflow.getHandle(id).terminate('test done');
});

it('keeps a recognised dossier in maintenance for years through continue-as-new, reminding once a cycle, and still takes a revocation', async () => {
  const year = new Date(await env.currentTimeMs()).getUTCFullYear() + 1;
  const dossier = dossierFor('dien-bien/tuan-giao/quai-nua', 'commune.dat-chuan', 'commune-ntm-2021-2025', year);
  const input: DossierWorkflowInput = { dossier, deadlines: [], maintenance: { reviewEveryDays: 365, cyclesPerRun: 1 } };
  const id = dossierWorkflowId(dossier.dossierId);
  const act = actOn(id);
  const h = await startWorker(env, t);
  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', { taskQueue: h.taskQueue, workflowId: id, args: [input] });
    const firstRun = handle.firstExecutionRunId;
    const submitted = await selfAssessAndSubmit(act, dossier);
    expect((await reviewToRecognition(act, dossier, submitted, '77/QĐ-UBND')).stage).toBe('recognised');
    recorded.push({ name: 'commune-to-recognition', history: await handle.fetchHistory() });

    await env.sleep('800 days'); // two maintenance cycles
    const latest = await env.client.workflow.getHandle(id).describe();
    expect(latest.runId).not.toBe(firstRun);
    const status = await env.client.workflow.getHandle(id).query(statusQuery);
    expect(status).toMatchObject({ stage: 'recognised', decision: { number: '77/QĐ-UBND' } });

    const cycles = (await t.db.notification.findMany({ where: { dossierId: dossier.dossierId, kind: 'maintenance', channel: 'inbox' } })).map(
      (n) => n.idempotencyKey.split('/maintenance/')[1]!.split('/')[0],
    );
    expect([...new Set(cycles)].sort()).toEqual(['1', '2']);

    await act(
      { id: 'vpdp-tinh', role: 'provincial_office', unitCode: 'dien-bien' },
      { type: 'maintenance.assessed', flagged: true, reasons: ['Tiêu chí 17 không duy trì'], documents: [] },
    );
    const revoked = await act(
      { id: 'chu-tich-tinh', role: 'provincial_chair', unitCode: 'dien-bien' },
      {
        type: 'recognition.revoked',
        number: '5/QĐ-UBND',
        date: `${year + 2}-12-01`,
        signer: 'Chủ tịch UBND tỉnh',
        reasons: ['Không duy trì tiêu chí 17'],
        documents: [],
      },
    );
    expect(revoked.stage).toBe('revoked');
    expect((await env.client.workflow.getHandle(id).result()).stage).toBe('revoked');
  });
  await h.close();
  // One start record, however many runs the dossier took.
  expect(await t.db.auditRecord.count({ where: { dossierId: dossier.dossierId, action: 'dossier.started' } })).toBe(1);
  expect((await t.db.dossier.findUniqueOrThrow({ where: { id: dossier.dossierId } })).stage).toBe('revoked');
  // Years of maintenance cycles through continue-as-new: ~25 s alone, several times that beside the
  // fault tests on 2 cores. The bound is on time only.
}, 300_000);

it('replays the recorded histories, and those kept in tests/fixtures/histories, without nondeterminism', async () => {
  const kept = (() => {
    try {
      return readdirSync(HISTORIES)
        .filter((f) => f.endsWith('.json'))
        .map((f) => ({ name: f, history: JSON.parse(readFileSync(join(HISTORIES, f), 'utf8')) }));
    } catch {
      return [];
    }
  })();
  const all = [...recorded, ...kept];
  expect(all.length).toBeGreaterThanOrEqual(2);
  const bundle = await workflowBundle();
  for (const h of all) {
    await Worker.runReplayHistory({ dataConverter: temporalDataConverter(), workflowBundle: bundle }, h.history, `replay-${h.name}`);
  }
});
