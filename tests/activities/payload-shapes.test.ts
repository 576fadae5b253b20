/**
 * Issue 18: the activities take the small inputs of new workflows (a transition as the event and ids;
 * verification facts instead of the state) and still the full ones of workflows started before the
 * change — the projection ends the same either way.
 */
import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities';
import { applyEvent, startDossier, statusOf, verificationFacts, type DossierEvent, type DossierState } from '../../domain/dossier';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedUnits } from '../support/people';
import { actors, cmd, ev, smallInput } from '../support/dossier-fixtures';

let t: TestDatabase;
let acts: ReturnType<typeof createActivities>;

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
  acts = createActivities({ db: t.db, provider: 'sqlite', clock: () => new Date('2027-09-01T01:00:00Z') });
});
afterAll(async () => {
  await t?.drop();
});

function apply(s: DossierState, e: DossierEvent): DossierState {
  const r = applyEvent(s, e);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

/** A registered dossier and the events of its self-assessment, submission and district reviews. */
async function registered(): Promise<{ s0: DossierState; events: DossierEvent[]; id: string; ids: { workflowId: string; runId: string } }> {
  const r = startDossier(smallInput({ dossierId: `d-${randomUUID()}` }));
  if (!r.ok) throw new Error(r.error.messageEn);
  const s0 = r.value;
  const id = s0.context.input.dossierId;
  const ids = { workflowId: `dossier:${id}`, runId: 'run-1' };
  await acts.registerDossier({ dossier: s0.context.input, status: statusOf(s0), state: s0, ...ids, at: '2027-09-01T01:00:00.000Z' });
  const events = [
    ev(cmd.assess('1'), actors.commune),
    ev(cmd.assess('2'), actors.commune),
    ev(cmd.assess('17'), actors.commune),
    ev(cmd.consult(), actors.commune),
    ev(cmd.submit(), actors.commune),
    ev(cmd.review('1'), actors.kthh),
    ev(cmd.review('2'), actors.kthh),
    ev(cmd.review('17'), actors.tnmt),
  ];
  return { s0, events, id, ids };
}

it('derives the state, status and stages from a delta exactly as the full records wrote them, and a retried delta writes nothing twice', async () => {
  const full = await registered();
  const small = await registered();
  let a = full.s0;
  let b = small.s0;
  for (const e of full.events) {
    const before = a;
    a = apply(a, e);
    await acts.recordTransition({ event: e, fromStage: before.value, toStage: a.value, seq: a.context.seq, status: statusOf(a), state: a, ...full.ids });
  }
  for (const e0 of full.events) {
    const e = { ...e0, meta: { ...e0.meta, eventId: `${e0.meta.eventId}-small` } };
    b = apply(b, e);
    const delta = { delta: true as const, dossierId: small.id, event: e, seq: b.context.seq, ...small.ids };
    expect(await acts.recordTransition(delta)).toEqual({});
    expect(await acts.recordTransition(delta)).toEqual({}); // a retry
  }
  const rowA = await t.db.dossier.findUniqueOrThrow({ where: { id: full.id } });
  const rowB = await t.db.dossier.findUniqueOrThrow({ where: { id: small.id } });
  expect(rowB.stage).toBe('review');
  expect(rowB.version).toBe(rowA.version);
  expect(JSON.parse(rowB.status)).toEqual({ ...JSON.parse(rowA.status), dossierId: small.id });
  expect(JSON.parse(rowB.state).context.reviews).toEqual(JSON.parse(rowA.state).context.reviews);
  const stages = async (dossierId: string) =>
    (await t.db.timelineEntry.findMany({ where: { dossierId }, orderBy: { seq: 'asc' } })).map((r) => `${r.type} ${r.fromStage}→${r.toStage}`);
  expect(await stages(small.id)).toEqual(await stages(full.id));
  expect(await t.db.auditRecord.count({ where: { dossierId: small.id } })).toBe(full.events.length + 1);
  expect(
    (await t.db.auditRecord.findMany({ where: { dossierId: small.id }, select: { workflowId: true, runId: true } })).every((r) => r.runId === 'run-1'),
  ).toBe(true);
});

it('answers resync and writes nothing when its copy is not one event behind; the full record then brings it up to date', async () => {
  const { s0, events, id, ids } = await registered();
  const s1 = apply(s0, events[0]!);
  const s2 = apply(s1, events[1]!);
  // The first transition never reached the projection: its copy is two events behind the second.
  expect(await acts.recordTransition({ delta: true, dossierId: id, event: events[1]!, seq: s2.context.seq, ...ids })).toEqual({ resync: true });
  expect(await t.db.timelineEntry.count({ where: { dossierId: id } })).toBe(0);
  expect(await t.db.auditRecord.count({ where: { dossierId: id } })).toBe(1); // dossier.started only
  expect((await t.db.dossier.findUniqueOrThrow({ where: { id } })).version).toBe(0);
  await acts.recordTransition({ event: events[1]!, fromStage: s1.value, toStage: s2.value, seq: s2.context.seq, status: statusOf(s2), state: s2, ...ids });
  const row = await t.db.dossier.findUniqueOrThrow({ where: { id } });
  expect(row.version).toBe(s2.context.seq);
  expect(Object.keys(JSON.parse(row.state).context.selfAssessment).sort()).toEqual(['1', '2']);
  // The first transition's attempt, retried after the second was written (an outage, a killed worker):
  // the projection is ahead, but this event's timeline and audit rows are still owed — resync, not "done".
  const first = { delta: true as const, dossierId: id, event: events[0]!, seq: s1.context.seq, ...ids };
  expect(await acts.recordTransition(first)).toEqual({ resync: true });
  await acts.recordTransition({ event: events[0]!, fromStage: s0.value, toStage: s1.value, seq: s1.context.seq, status: statusOf(s1), state: s1, ...ids });
  expect(await t.db.timelineEntry.count({ where: { dossierId: id } })).toBe(2);
  expect(await t.db.auditRecord.count({ where: { dossierId: id } })).toBe(3);
  expect((await t.db.dossier.findUniqueOrThrow({ where: { id } })).version).toBe(s2.context.seq); // never moved back
  expect(await acts.recordTransition(first)).toEqual({}); // now a true retry
});

it('verifies from the facts (new workflows) as from the whole state (older ones), and the facts are far smaller', async () => {
  const { s0, events } = await registered();
  const reviewed = events.reduce(apply, s0);
  const byState = await acts.verifyCriteria({ criteriaSetId: 'commune-ntm-2021-2025', state: reviewed });
  const byFacts = await acts.verifyCriteria({ criteriaSetId: 'commune-ntm-2021-2025', facts: verificationFacts(reviewed.context) });
  expect(byFacts).toEqual(byState);
  expect(byState.total).toBeGreaterThan(0);
  expect(JSON.stringify(verificationFacts(reviewed.context)).length).toBeLessThan(JSON.stringify(reviewed).length / 2);
});
