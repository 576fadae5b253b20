/**
 * Temporal's dev server (`temporal server start-dev`) as a child process: SQLite persistence in a file
 * under the data folder (so workflows survive restarts), Web UI on, gRPC on loopback.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { ToolchainError } from './toolchain';

export interface DevServerOptions {
  cliPath: string;
  /** Folder for `temporal.db` (created if missing) and the server's log. */
  dataDir: string;
  port?: number;
  uiPort?: number;
  /** Created at launch if it does not exist ("default" always is). */
  namespace?: string;
  /** Interface to bind; default 127.0.0.1 (the dev server has no authentication). */
  ip?: string;
  /** How long to wait for the gRPC port to serve; default 60 s. */
  startTimeoutMs?: number;
  /** After SIGTERM, how long before SIGKILL; default 10 s. */
  stopGraceMs?: number;
  /** Web UI off. */
  headless?: boolean;
  /**
   * The Web UI's codec server (`--ui-codec-endpoint`): the browser POSTs payloads to <this>/decode to show
   * them (api/routes/codec.ts, for compressed payloads). Unset: the UI shows payloads as stored.
   */
  codecEndpoint?: string;
  log?: (line: string) => void;
}

export interface DevServer {
  /** `host:port` for `Connection.connect({ address })`. */
  address: string;
  uiUrl: string | undefined;
  namespace: string;
  dbFile: string;
  pid: number;
  stop(): Promise<void>;
}

/** Can something be bound to host:port right now? */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Does something accept a TCP connection on host:port? */
export function isPortListening(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (v: boolean): void => {
      socket.destroy();
      resolve(v);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port the OS says is free now (for tests; a race with other processes is possible but rare). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function portInUseError(port: number, envVar: string, what = 'Temporal'): ToolchainError {
  return new ToolchainError(
    'TEMPORAL.PORT_IN_USE',
    `Cổng ${port} đang được dùng / Port ${port} is already in use (${what}) — is another \`npm start\` running? Set ${envVar} to change it.`,
  );
}

/** Resolves true when the child has exited, false after `ms`. */
export function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/**
 * Starts the dev server and resolves once its gRPC frontend answers a namespace describe. Refuses
 * clearly if a port is taken, and times out with the server's last log lines.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const port = opts.port ?? 7233;
  const uiPort = opts.uiPort ?? port + 1000;
  const namespace = opts.namespace ?? 'default';
  const ip = opts.ip ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  const startTimeoutMs = opts.startTimeoutMs ?? 60_000;
  const grace = opts.stopGraceMs ?? 10_000;

  if (!(await isPortFree(port, ip)) || (await isPortListening(port, ip))) throw portInUseError(port, 'TEMPORAL_PORT');
  if (!opts.headless && (!(await isPortFree(uiPort, ip)) || (await isPortListening(uiPort, ip)))) {
    throw portInUseError(uiPort, 'TEMPORAL_UI_PORT', 'Temporal Web UI');
  }

  await fs.mkdir(opts.dataDir, { recursive: true });
  const dbFile = path.join(path.resolve(opts.dataDir), 'temporal.db');
  const logFile = path.join(path.resolve(opts.dataDir), 'temporal.log');
  const logStream = await fs.open(logFile, 'a');

  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    '--ip',
    ip,
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...(opts.headless ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...(!opts.headless && opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : []),
  ];
  log(`Starting Temporal dev server: ${opts.cliPath} ${args.join(' ')}`);
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', logStream.fd, logStream.fd] });
  // Listen before any await: a server that fails at once must not exit unseen.
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  child.on('error', (e) => (spawnError = e));
  // The child holds its own copy of the descriptor.
  await logStream.close();

  const address = `${ip}:${port}`;
  const lastLog = async (): Promise<string> => (await fs.readFile(logFile, 'utf8').catch(() => '')).trimEnd().split('\n').slice(-15).join('\n');

  // If this process exits without stop(), do not leave the server behind (SQLite survives a SIGTERM).
  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', onExit);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', onExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitExit(child, grace))) {
      log(`Temporal dev server did not stop within ${grace} ms; killing it.`);
      child.kill('SIGKILL');
      await waitExit(child, 5000);
    }
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (spawnError) {
      throw new ToolchainError(
        'TEMPORAL.START_FAILED',
        `Could not run ${opts.cliPath}: ${spawnError.message}. Provision it with \`npm run provision\` or set TEMPORAL_CLI_PATH.`,
      );
    }
    if (exited || child.exitCode !== null || child.signalCode !== null) {
      throw new ToolchainError(
        'TEMPORAL.START_FAILED',
        `Temporal dev server exited during start-up (${exited?.code ?? child.exitCode ?? exited?.signal ?? child.signalCode}); its log is ${logFile}.`,
        await lastLog(),
      );
    }
    if (await isPortListening(port, ip, 500)) {
      try {
        const conn = await Connection.connect({ address, connectTimeout: 2000 });
        try {
          await conn.workflowService.describeNamespace({ namespace });
          break;
        } finally {
          await conn.close();
        }
      } catch {
        // Frontend up but namespace not registered yet: keep waiting.
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new ToolchainError(
        'TEMPORAL.START_TIMEOUT',
        `Temporal dev server did not answer on ${address} within ${Math.round(startTimeoutMs / 1000)} s; its log is ${logFile}.`,
        await lastLog(),
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  const uiUrl = opts.headless ? undefined : `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${uiPort}`;
  log(`Temporal dev server ready on ${address}${uiUrl ? `, Web UI ${uiUrl}` : ''} (data: ${dbFile})`);
  return { address, uiUrl, namespace, dbFile, pid: child.pid ?? -1, stop };
}
