/**
 * The Temporal server on PostgreSQL (infra/temporal-cluster.ts). The cluster test runs only when the
 * server binaries are already provisioned (.tools/temporal-server-1.29.1/, e.g. by `npm run
 * cluster:prove`) or NTM_CLUSTER_TEST=1 (which builds them if needed: minutes). The provisioning
 * failure paths always run (no binaries needed).
 */
import { existsSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { temporalDataConverter } from '../../app/temporal-codec';
import { startLocalPostgres, type LocalPostgres } from '../../infra/postgres';
import { setupTemporalSchema, startTemporalCluster, type TemporalCluster } from '../../infra/temporal-cluster';
import { ensureTemporalServer, isToolchainError, PROJECT_ROOT, temporalServerDir, TEMPORAL_SERVER_VERSION } from '../../infra/toolchain';
import { bareActUpdate } from '../../scripts/bench/bare-workflow';
import { bundleFor, quietRuntime } from '../../scripts/bench/common';

const serverDir = temporalServerDir(join(PROJECT_ROOT, '.tools'));
const provisioned = existsSync(join(serverDir, 'temporal-server')) && existsSync(join(serverDir, 'temporal-sql-tool'));
const enabled = process.env.NTM_CLUSTER_TEST === '1' || provisioned;

jest.setTimeout(600_000);

describe('ensureTemporalServer failure paths', () => {
  const tmp = () => fs.mkdtemp(join(tmpdir(), 'ntm-cluster-tools-'));

  it('refuses one of TEMPORAL_SERVER_PATH / TEMPORAL_SQL_TOOL_PATH without the other, naming both', async () => {
    const e = await ensureTemporalServer({ env: { PATH: '', TEMPORAL_SERVER_PATH: '/bin/true' }, toolsDir: await tmp() }).catch((x: unknown) => x);
    expect(isToolchainError(e) && e.code).toBe('TOOLCHAIN.INVALID_PATH');
    expect(String((e as Error).message)).toMatch(/TEMPORAL_SERVER_PATH.*TEMPORAL_SQL_TOOL_PATH/);
  });

  it('refuses paths that are not executables', async () => {
    const e = await ensureTemporalServer({
      env: { PATH: '', TEMPORAL_SERVER_PATH: '/nonexistent/temporal-server', TEMPORAL_SQL_TOOL_PATH: '/nonexistent/sql' },
      toolsDir: await tmp(),
    }).catch((x: unknown) => x);
    expect(isToolchainError(e) && e.code).toBe('TOOLCHAIN.INVALID_PATH');
  });

  it('without Go and without a cached build, says how to provide the binaries (bilingual)', async () => {
    const e = await ensureTemporalServer({ env: { PATH: '' }, toolsDir: await tmp(), goDirs: [] }).catch((x: unknown) => x);
    expect(isToolchainError(e) && e.code).toBe('TOOLCHAIN.GO_MISSING');
    expect(String((e as Error).message)).toMatch(/Không tìm thấy Go.*Go toolchain not found/);
    expect(String((e as Error).message)).toContain(TEMPORAL_SERVER_VERSION);
  });
});

(enabled ? describe : describe.skip)('Temporal cluster on PostgreSQL', () => {
  let pg: LocalPostgres;
  let cluster: TemporalCluster;

  beforeAll(async () => {
    quietRuntime();
    pg = await startLocalPostgres({ database: 'ntm_cluster_test' });
    cluster = await startTemporalCluster({ pg, startTimeoutMs: 180_000 });
  });

  afterAll(async () => {
    await cluster?.stop();
    await pg?.stop();
  });

  it('has both databases at the latest schema, and setting them up again changes nothing', async () => {
    const client = new PgClient({ connectionString: pg.url });
    await client.connect();
    try {
      const dbs = (await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'temporal%' ORDER BY 1")).rows.map(
        (r) => r.datname,
      );
      expect(dbs).toEqual(['temporal', 'temporal_visibility']);
    } finally {
      await client.end();
    }
    const version = async (db: string) => {
      const c = new PgClient({ connectionString: pg.url.replace(/\/[^/]*$/, `/${db}`) });
      await c.connect();
      try {
        return (await c.query<{ curr_version: string }>('SELECT curr_version FROM schema_version')).rows[0]?.curr_version;
      } finally {
        await c.end();
      }
    };
    const before = [await version('temporal'), await version('temporal_visibility')];
    expect(before[0]).toMatch(/^1\.\d+$/);
    await setupTemporalSchema({ sqlTool: cluster.binaries.sqlTool, pgUrl: pg.url, databases: cluster.databases });
    expect([await version('temporal'), await version('temporal_visibility')]).toEqual(before);
  });

  it('runs a bare workflow with Updates through the namespace it registered', async () => {
    expect(cluster.namespace).toBe('default');
    const connection = await Connection.connect({ address: cluster.address });
    const native = await NativeConnection.connect({ address: cluster.address });
    const client = new Client({ dataConverter: temporalDataConverter(), connection, namespace: cluster.namespace });
    const taskQueue = `cluster-test-${Date.now()}`;
    const worker = await Worker.create({
      connection: native,
      dataConverter: temporalDataConverter(),
      namespace: cluster.namespace,
      taskQueue,
      workflowBundle: await bundleFor('bare'),
      activities: { noop: async (seq: number) => seq },
    });
    const running = worker.run();
    try {
      const shape = { updates: 3, timers: 2, activities: 5 };
      const handle = await client.workflow.start('bareWorkflow', { taskQueue, workflowId: `bare-cluster-${Date.now()}`, args: [shape] });
      for (let s = 1; s <= shape.updates; s++) expect(await handle.executeUpdate(bareActUpdate, { args: [{ seq: s }] })).toEqual({ seq: s });
      expect(await handle.result()).toBe(3);
      // Persisted in PostgreSQL (visibility answers from temporal_visibility).
      const desc = await handle.describe();
      expect(desc.status.name).toBe('COMPLETED');
    } finally {
      worker.shutdown();
      await running;
      await native.close();
      await connection.close();
    }
  });
});
