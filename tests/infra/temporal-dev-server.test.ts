import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporalDataConverter } from '../../app/temporal-codec';
import { freePort, isPortFree, startDevServer, type DevServer } from '../../infra/temporal-dev-server';
import { ensureTemporalCli, ToolchainError } from '../../infra/toolchain';

jest.setTimeout(5 * 60_000);

let cliPath: string;
let dataDir: string;
let port: number;
let uiPort: number;
const running: DevServer[] = [];

beforeAll(async () => {
  cliPath = await ensureTemporalCli();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ntm-devserver-test-'));
  port = await freePort();
  uiPort = await freePort();
});

afterAll(async () => {
  for (const s of running) await s.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function start(): Promise<DevServer> {
  const s = await startDevServer({ cliPath, dataDir, port, uiPort, namespace: 'ntm-test' });
  running.push(s);
  return s;
}

test('the dev server persists a workflow across a restart, refuses a second start on its port, and frees the port on stop', async () => {
  const workflowId = `infra-test-${Date.now()}`;

  // Start; a client connects and starts a workflow (no worker needed: it stays running).
  const first = await start();
  expect(first.address).toBe(`127.0.0.1:${port}`);
  expect(first.dbFile).toBe(path.join(dataDir, 'temporal.db'));
  let connection = await Connection.connect({ address: first.address });
  let client = new Client({ dataConverter: temporalDataConverter(), connection, namespace: 'ntm-test' });
  await client.workflow.start('AnyWorkflowType', { taskQueue: 'nobody-polls-this', workflowId, args: [] });
  await connection.close();

  // The Web UI answers.
  const ui = await fetch(first.uiUrl ?? '');
  expect(ui.status).toBe(200);

  // A second start on the same port is refused clearly, and the first keeps serving.
  const refused = await startDevServer({ cliPath, dataDir, port, uiPort }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(ToolchainError);
  expect((refused as ToolchainError).code).toBe('TEMPORAL.PORT_IN_USE');
  expect((refused as ToolchainError).message).toContain(`Port ${port} is already in use`);
  expect((refused as ToolchainError).message).toContain(`Cổng ${port} đang được dùng`);
  expect((refused as ToolchainError).message).toContain('TEMPORAL_PORT');

  // stop() frees the port.
  await first.stop();
  expect(await isPortFree(port)).toBe(true);
  expect(await isPortFree(uiPort)).toBe(true);

  // Restart on the same data folder: the workflow is still there.
  const second = await start();
  connection = await Connection.connect({ address: second.address });
  client = new Client({ dataConverter: temporalDataConverter(), connection, namespace: 'ntm-test' });
  const description = await client.workflow.getHandle(workflowId).describe();
  expect(description.type).toBe('AnyWorkflowType');
  expect(description.status.name).toBe('RUNNING');
  await connection.close();
  await second.stop();
  expect(await isPortFree(port)).toBe(true);
});

test('a dev server that cannot start says why, with its log', async () => {
  const badCli = path.join(dataDir, 'not-temporal');
  await fs.writeFile(badCli, '#!/bin/sh\necho "unknown flag: --db-filename" >&2\nexit 3\n', { mode: 0o755 });
  const e = await startDevServer({ cliPath: badCli, dataDir, port: await freePort(), uiPort: await freePort() }).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ToolchainError);
  expect((e as ToolchainError).code).toBe('TEMPORAL.START_FAILED');
  expect((e as ToolchainError).detail).toContain('unknown flag');
});

test("points the Web UI at the codec endpoint it is given (--ui-codec-endpoint: the UI's settings name it)", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ntm-devserver-codec-'));
  const s = await startDevServer({ cliPath, dataDir: dir, port: await freePort(), uiPort: await freePort(), codecEndpoint: 'http://127.0.0.1:3000/api/codec' });
  running.push(s);
  try {
    let settings: { Codec?: { Endpoint?: string } } | undefined;
    for (let i = 0; i < 30 && !settings; i++) {
      settings = await fetch(`${s.uiUrl}/api/v1/settings`).then(
        (r) => (r.ok ? (r.json() as Promise<{ Codec?: { Endpoint?: string } }>) : undefined),
        () => new Promise<undefined>((r) => setTimeout(() => r(undefined), 1000)),
      );
    }
    expect(settings?.Codec?.Endpoint).toBe('http://127.0.0.1:3000/api/codec');
  } finally {
    await s.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
