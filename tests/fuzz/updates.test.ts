/**
 * Fuzzing the `dossier.act` Update on the time-skipping server: generated bad requests (junk, a field of
 * the wrong type, outsiders, commands the stage cannot take) against a dossier under review. Each is
 * refused with a coded bilingual error, the dossier's seq does not move, and the history never shows a
 * failed workflow task. 1,000 per run; NTM_LONG_FUZZ=1 → 10,000.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import fc from 'fast-check';
import { acceptedEvents, type Actor, type Command, type DossierStatus } from '../../domain/dossier';
import { submit } from '../../scripts/bench/pipeline';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, statusQuery } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { dossierFor } from '../support/plans';
import { startWorker, timeSkippingEnv, type Harness } from '../support/temporal';
import { corruptedCommand, isClearError, junk, numRuns, outOfStageCommand, outsider, sampleCommands } from './arbitraries';

const RUNS = numRuns(1000, 10_000);
jest.setTimeout(RUNS * 200 + 120_000);

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
let env: TestWorkflowEnvironment;
let t: TestDatabase;
let h: Harness;

beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  h = await startWorker(env, t);
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
  await t?.drop();
});

it(`refuses ${RUNS} generated bad Update requests with a coded bilingual error, no state change and no failed workflow task`, async () => {
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025', 2027);
  const id = dossierWorkflowId(dossier.dossierId);
  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: id,
      args: [{ dossier, deadlines: [], maintenance: DEFAULT_MAINTENANCE }],
    });
    const act = (actor: Actor, command: Command) => handle.executeUpdate(actUpdate, { args: [{ actor, command }] });
    const submitted = await submit(act, dossier);
    // One review done, so the dossier is mid-review: most moves are plausible, few are allowed.
    const slot = submitted.status.pendingReviews[0]!;
    const specialist = { id: 'cv', role: 'district_specialist' as const, unitCode: 'dien-bien/tuan-giao', department: slot.department };
    const before: DossierStatus = await act(specialist, { type: 'criterion.reviewed', criterion: slot.criterion, verdict: 'met', documents: [] });
    expect(before.stage).toBe('review');
    const criterion = before.pendingReviews[0]!.criterion;
    const refusedTypes = Object.keys(sampleCommands(criterion)).filter((t) => !acceptedEvents('review').includes(t as never));
    const insider = { id: 'vpdp', role: 'district_office' as const, unitCode: 'dien-bien/tuan-giao' };

    const request = fc.oneof(
      junk,
      fc.record({ actor: fc.constant(insider), command: corruptedCommand(criterion) }),
      fc.record({ actor: outsider, command: fc.constantFrom(...Object.values(sampleCommands(criterion))) }),
      fc.record({
        actor: fc.constantFrom(insider, specialist, { id: 'xa', role: 'commune_official', unitCode: COMMUNE }),
        command: outOfStageCommand(criterion, refusedTypes),
      }),
      fc.record({ actor: junk, command: fc.constantFrom(...Object.values(sampleCommands(criterion))) }),
    );
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(request, async (req) => {
        let refusal: unknown;
        try {
          await handle.executeUpdate(actUpdate, { args: [req as never] });
        } catch (e) {
          refusal = e;
        }
        expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
        const cause = (refusal as WorkflowUpdateFailedError).cause;
        expect(cause).toBeInstanceOf(ApplicationFailure);
        const domain = (cause as ApplicationFailure).details?.[0];
        expect(isClearError(domain)).toBe(true);
        codes.set((cause as ApplicationFailure).type!, (codes.get((cause as ApplicationFailure).type!) ?? 0) + 1);
      }),
      { numRuns: RUNS, seed: process.env.NTM_FUZZ_SEED ? Number(process.env.NTM_FUZZ_SEED) : undefined },
    );
    process.stdout.write(`update refusals by code: ${JSON.stringify(Object.fromEntries(codes))}\n`);

    const after = await handle.query(statusQuery);
    expect(after.seq).toBe(before.seq);
    expect(after.stage).toBe('review');
    const history = await handle.fetchHistory();
    const failedTasks = (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes);
    expect(failedTasks).toEqual([]);
    // The projection did not move either.
    const row = await t.db.dossier.findUniqueOrThrow({ where: { id: dossier.dossierId } });
    expect(row.version).toBe(before.seq);
    await handle.terminate('fuzz finished');
  });
});
