/**
 * Issue 18: the status of a dossier whose row says no workflow stands behind it (runId '': a
 * projection-only row) is answered from that row without asking Temporal — a primary-key read, not a
 * round trip that can only fail; a row with a workflow still asks the workflow first and falls back to
 * the row when Temporal cannot answer. Access is checked on the row's state either way. SQLite and
 * PostgreSQL.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { seedReferenceData } from '../../app/seed';
import { getCriteriaSet } from '../../domain/criteria';
import { planDossier, startDossier, statusOf } from '../../domain/dossier';
import { getPipelineConfig } from '../../domain/units';
import { loadUnits } from '../../store/units';
import { createTestDatabase, PROVIDERS, type TestDatabase } from '../support/databases';
import { COMMUNE, PASSWORD, pipelinePeople, seedPeople } from '../support/app';

function must<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

describe.each(PROVIDERS)('dossier status from its projection row (%s)', (provider) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const asked: string[] = [];
  const tokens = new Map<string, string>();
  // Temporal that knows no workflow: every Query fails, and each one asked is noted.
  const temporal = {
    workflow: {
      getHandle: (id: string) => ({
        query: async () => {
          asked.push(id);
          throw new WorkflowNotFoundError('workflow not found', id, undefined);
        },
      }),
    },
  } as unknown as Client;

  const ids = { rowOnly: '', withWorkflow: '' };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedReferenceData(t.db, new Date('2026-12-01T03:00:00.000Z'));
    await seedPeople(
      t,
      pipelinePeople().filter((p) => p.username === 'huyen.vpdp' || p.username === 'xa.quai-nua'),
    );
    const units = await loadUnits(t.db);
    const unit = units.find((u) => u.code === COMMUNE)!;
    for (const [k, year, runId] of [
      ['rowOnly', 2026, ''],
      ['withWorkflow', 2027, 'run-1'],
    ] as const) {
      const input = must(
        planDossier({
          unit,
          units,
          title: 'commune.dat-chuan',
          planYear: year,
          set: must(getCriteriaSet('commune-ntm-2021-2025')),
          pipeline: must(getPipelineConfig('three-tier')),
        }),
      );
      const state = must(startDossier(input));
      const status = statusOf(state);
      ids[k] = input.dossierId;
      await t.db.dossier.create({
        data: {
          id: input.dossierId,
          unitCode: input.unitCode,
          title: input.title,
          planYear: input.planYear,
          criteriaSetId: input.criteriaSetId,
          stage: status.stage,
          level: status.level,
          state: JSON.stringify(state),
          status: JSON.stringify(status),
          workflowId: `dossier:${input.dossierId}`,
          runId,
          createdAt: new Date('2026-12-01T03:00:00.000Z'),
          updatedAt: new Date('2026-12-01T03:00:00.000Z'),
        },
      });
    }
    app = await buildApp({ db: t.db, temporal, taskQueue: 'unused', ttlHours: 8 });
    await app.ready();
    for (const username of ['huyen.vpdp', 'xa.quai-nua']) {
      const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: PASSWORD } });
      tokens.set(username, (r.json() as { token: string }).token);
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const get = (who: string, id: string) =>
    app.inject({ method: 'GET', url: `/api/dossiers/${encodeURIComponent(id)}`, headers: { authorization: `Bearer ${tokens.get(who)}` } });

  it('answers a projection-only dossier from its row without asking Temporal', async () => {
    asked.length = 0;
    const r = await get('huyen.vpdp', ids.rowOnly);
    expect(r.statusCode).toBe(200);
    const body = r.json() as { status: { dossierId: string; stage: string }; state: { context: { input: { dossierId: string } } } };
    expect(body.status).toMatchObject({ dossierId: ids.rowOnly, stage: 'self_assessment' });
    expect(body.state.context.input.dossierId).toBe(ids.rowOnly);
    expect(asked).toEqual([]);
  });

  it('still asks the workflow of a row that has one, and falls back to the row when Temporal cannot answer', async () => {
    asked.length = 0;
    const r = await get('huyen.vpdp', ids.withWorkflow);
    expect(r.statusCode).toBe(200);
    expect((r.json() as { status: { dossierId: string } }).status.dossierId).toBe(ids.withWorkflow);
    expect(asked).toEqual([`dossier:${ids.withWorkflow}`]);
  });

  it('checks access on the row: the neighbouring commune is refused (403), an unknown dossier is 404', async () => {
    const other = await get('xa.quai-nua', ids.rowOnly);
    expect(other.statusCode).toBe(403);
    expect((other.json() as { error: { code: string } }).error.code).toBe('AUTH.OUT_OF_JURISDICTION');
    expect((await get('huyen.vpdp', 'commune.dat-chuan:khong-co:2026')).statusCode).toBe(404);
  });
});
