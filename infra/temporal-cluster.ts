/**
 * The distributed engine on one machine: the real Temporal server (frontend, history, matching and
 * worker services, here in one process) on PostgreSQL, configured by the committed
 * deploy/temporal/postgres.yaml through environment variables. Creates and migrates both Temporal
 * databases with the SQL tool (idempotent), starts the server, waits until every service answers, and
 * registers the namespace. Workers and API processes then connect to `address` like to any cluster.
 *
 * Binaries come from ensureTemporalServer (infra/toolchain.ts); PostgreSQL from startLocalPostgres
 * (infra/postgres.ts) or any server the caller names by URL (the role must be allowed to create
 * databases, or the two databases must exist).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { freePort, isPortFree, isPortListening, portInUseError, waitExit } from './temporal-dev-server';
import { ensureTemporalServer, PROJECT_ROOT, runCommand, ToolchainError, type Reporter, type TemporalServerBinaries } from './toolchain';

export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
}

/** The ports of deploy/temporal/postgres.yaml's defaults (Temporal's usual ones). */
export const DEFAULT_CLUSTER_PORTS: ClusterPorts = {
  frontend: 7233,
  frontendHttp: 7243,
  history: 7234,
  matching: 7235,
  worker: 7239,
  frontendMembership: 6933,
  historyMembership: 6934,
  matchingMembership: 6935,
  workerMembership: 6939,
};

const PORT_ENV: Record<keyof ClusterPorts, string> = {
  frontend: 'TEMPORAL_FRONTEND_PORT',
  frontendHttp: 'TEMPORAL_FRONTEND_HTTP_PORT',
  history: 'TEMPORAL_HISTORY_PORT',
  matching: 'TEMPORAL_MATCHING_PORT',
  worker: 'TEMPORAL_WORKER_PORT',
  frontendMembership: 'TEMPORAL_FRONTEND_MEMBERSHIP_PORT',
  historyMembership: 'TEMPORAL_HISTORY_MEMBERSHIP_PORT',
  matchingMembership: 'TEMPORAL_MATCHING_MEMBERSHIP_PORT',
  workerMembership: 'TEMPORAL_WORKER_MEMBERSHIP_PORT',
};

export interface TemporalClusterOptions extends Reporter {
  /** The PostgreSQL server (e.g. a LocalPostgres); only its URL's host, port and credentials are used. */
  pg: { url: string };
  /**
   * 'free' (default): a free port for each; 'default': Temporal's usual 7233…; or given ports (the rest
   * free). The frontend is the one clients use.
   */
  ports?: 'free' | 'default' | Partial<ClusterPorts>;
  /** Prometheus metrics of the server on this port (unset: none). */
  metricsPort?: number;
  /** Default: ensureTemporalServer() (cached build, or a build from the Go module proxy). */
  binaries?: TemporalServerBinaries;
  /** Folder for the server's log; default a new temporary folder (removed by stop() unless `keepLogs`). */
  dataDir?: string;
  keepLogs?: boolean;
  /** Registered at start if missing; default 'default'. */
  namespace?: string;
  /** Days closed workflows stay visible; default 3. */
  retentionDays?: number;
  databases?: { temporal?: string; visibility?: string };
  /** Fixed for the life of the database; default 4. */
  historyShards?: number;
  /** Interface the services bind to; default 127.0.0.1 (no authentication is configured). */
  ip?: string;
  /** Folder with postgres.yaml; default <project>/deploy/temporal. */
  configDir?: string;
  /** Dynamic config file; default <configDir>/dynamicconfig/postgres.yaml. */
  dynamicConfig?: string;
  /**
   * Versioned schemas: default the ones embedded in the SQL tool (`--schema-name postgresql/v12/…`,
   * the same files as go.temporal.io/server@v1.29.1/schema/ in the Go module cache). Set to a folder
   * holding `temporal/versioned` and `visibility/versioned` to use files instead.
   */
  schemaDir?: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Default 120 s (first start creates shards and system workflows). */
  startTimeoutMs?: number;
  /** After SIGTERM, how long before SIGKILL; default 15 s. */
  stopGraceMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface TemporalCluster {
  /** Frontend `host:port`, for `Connection.connect({ address })` and TEMPORAL_ADDRESS. */
  address: string;
  namespace: string;
  ports: ClusterPorts;
  metricsUrl?: string;
  databases: { temporal: string; visibility: string };
  binaries: TemporalServerBinaries;
  pid: number;
  logFile: string;
  /** Milliseconds: schema (create + migrate both databases), server start to all services answering. */
  timings: { schemaMs: number; startMs: number };
  stop(): Promise<void>;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Temporal keeps the ports in the cluster_membership table as PostgreSQL `smallint`: a port above 32767
 * fails the start ("value … is out of range for type smallint"). The OS's ephemeral ports are above it
 * on Linux, so free ports are picked at random in [20000, 32767) instead.
 */
export const MAX_CLUSTER_PORT = 32767;

async function freeLowPort(ip: string, taken: Set<number>): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const p = 20000 + Math.floor(Math.random() * (MAX_CLUSTER_PORT - 20000));
    if (taken.has(p)) continue;
    if ((await isPortFree(p, ip)) && !(await isPortListening(p, ip, 200))) return p;
  }
  return freePort(ip); // very unlikely; the start will then say why
}

async function resolvePorts(spec: TemporalClusterOptions['ports'], ip: string): Promise<ClusterPorts> {
  if (spec === 'default') return { ...DEFAULT_CLUSTER_PORTS };
  const given = typeof spec === 'object' ? spec : {};
  const taken = new Set(Object.values(given).filter((p): p is number => typeof p === 'number'));
  const out = {} as ClusterPorts;
  for (const key of Object.keys(DEFAULT_CLUSTER_PORTS) as (keyof ClusterPorts)[]) {
    let p = given[key];
    if (p === undefined) p = await freeLowPort(ip, taken);
    else if (p > MAX_CLUSTER_PORT) {
      throw new ToolchainError(
        'TEMPORAL.START_FAILED',
        `Cổng ${p} quá lớn / port ${p} (${key}) is above ${MAX_CLUSTER_PORT}: Temporal stores cluster ports as PostgreSQL smallint. Set ${PORT_ENV[key]} lower.`,
      );
    }
    taken.add(p);
    out[key] = p;
  }
  return out;
}

/** host, port, user, password of a postgresql:// URL. */
function pgParts(url: string): { host: string; port: string; user: string; password: string } {
  const u = new URL(url);
  if (!/^postgres(ql)?:$/.test(u.protocol)) {
    throw new ToolchainError('TEMPORAL.SCHEMA_FAILED', `Temporal cần PostgreSQL / the Temporal cluster needs a postgresql:// URL (got ${u.protocol}).`);
  }
  return { host: u.hostname || '127.0.0.1', port: u.port || '5432', user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/** Creates (if missing) and migrates (to the latest version) both Temporal databases. Idempotent. */
export async function setupTemporalSchema(o: {
  sqlTool: string;
  pgUrl: string;
  databases: { temporal: string; visibility: string };
  schemaDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<void> {
  const pg = pgParts(o.pgUrl);
  const base = ['--plugin', 'postgres12', '--ep', pg.host, '-p', pg.port, '-u', pg.user, '--pw', pg.password];
  const env = { ...(o.env ?? process.env) };
  for (const [schema, db] of [
    ['temporal', o.databases.temporal],
    ['visibility', o.databases.visibility],
  ] as const) {
    if (!IDENT.test(db)) throw new ToolchainError('TEMPORAL.SCHEMA_FAILED', `Database name '${db}' must be a lower-case identifier.`);
    const source = o.schemaDir ? ['-d', path.join(o.schemaDir, schema, 'versioned')] : ['--schema-name', `postgresql/v12/${schema}`];
    const steps: [string, string[]][] = [
      ['create-database', [...base, '--db', db, 'create-database']],
      ['setup-schema -v 0.0', [...base, '--db', db, 'setup-schema', '-v', '0.0']],
      ['update-schema', [...base, '--db', db, 'update-schema', ...source]],
    ];
    for (const [what, args] of steps) {
      const r = await runCommand(o.sqlTool, args, { env, timeoutMs: 180_000 });
      if (r.code !== 0) {
        throw new ToolchainError(
          'TEMPORAL.SCHEMA_FAILED',
          `Không tạo được lược đồ Temporal / temporal-sql-tool ${what} failed on database ${db} at ${pg.host}:${pg.port} (exit ${r.code ?? r.signal}). ` +
            `Check that PostgreSQL is up and that role ${pg.user} may create databases (or that ${db} exists and it owns it).`,
          `${r.stdout}${r.stderr}`.trimEnd().split('\n').slice(-15).join('\n'),
        );
      }
    }
    o.log?.(`Temporal database ${db}: schema ${schema} up to date`);
  }
}

interface GrpcError {
  code?: number;
  message?: string;
}
const grpcCode = (e: unknown): number | undefined => (e as GrpcError)?.code;
const GRPC_ALREADY_EXISTS = 6;
const GRPC_NOT_FOUND = 5;

/**
 * Starts the cluster and resolves once the frontend, matching and history services answer in the
 * namespace. Refuses clearly if a port is taken; times out with the server's last log lines.
 */
export async function startTemporalCluster(opts: TemporalClusterOptions): Promise<TemporalCluster> {
  const log = opts.log ?? (() => {});
  const env = opts.env ?? process.env;
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const startTimeoutMs = opts.startTimeoutMs ?? 120_000;
  const grace = opts.stopGraceMs ?? 15_000;
  const databases = { temporal: opts.databases?.temporal ?? 'temporal', visibility: opts.databases?.visibility ?? 'temporal_visibility' };
  const configDir = path.resolve(opts.configDir ?? path.join(PROJECT_ROOT, 'deploy', 'temporal'));
  const dynamicConfig = path.resolve(opts.dynamicConfig ?? path.join(configDir, 'dynamicconfig', 'postgres.yaml'));
  const binaries = opts.binaries ?? (await ensureTemporalServer({ log: opts.log, progress: opts.progress, env }));

  const ports = await resolvePorts(opts.ports, ip);
  for (const [key, port] of Object.entries(ports) as [keyof ClusterPorts, number][]) {
    if (!(await isPortFree(port, ip)) || (await isPortListening(port, ip))) throw portInUseError(port, PORT_ENV[key], `Temporal ${key}`);
  }
  if (opts.metricsPort !== undefined && (!(await isPortFree(opts.metricsPort, ip)) || (await isPortListening(opts.metricsPort, ip)))) {
    throw portInUseError(opts.metricsPort, 'TEMPORAL_METRICS_PORT', 'Temporal metrics');
  }

  const t0 = Date.now();
  await setupTemporalSchema({ sqlTool: binaries.sqlTool, pgUrl: opts.pg.url, databases, schemaDir: opts.schemaDir, env, log });
  const schemaMs = Date.now() - t0;

  const temporary = !opts.dataDir;
  const dataDir = path.resolve(opts.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'ntm-temporal-cluster-'))));
  await fs.mkdir(dataDir, { recursive: true });
  const logFile = path.join(dataDir, 'temporal-server.log');
  const logStream = await fs.open(logFile, 'a');

  const pg = pgParts(opts.pg.url);
  const serverEnv: NodeJS.ProcessEnv = {
    ...env,
    TEMPORAL_DB_HOST: pg.host,
    TEMPORAL_DB_PORT: pg.port,
    TEMPORAL_DB_USER: pg.user,
    TEMPORAL_DB_PASSWORD: pg.password,
    TEMPORAL_DB_NAME: databases.temporal,
    TEMPORAL_VISIBILITY_DB_NAME: databases.visibility,
    TEMPORAL_HISTORY_SHARDS: String(opts.historyShards ?? 4),
    TEMPORAL_BIND_IP: ip,
    TEMPORAL_BROADCAST_ADDRESS: ip === '0.0.0.0' ? '127.0.0.1' : ip,
    TEMPORAL_METRICS_PORT: opts.metricsPort !== undefined ? String(opts.metricsPort) : '',
    TEMPORAL_PPROF_PORT: '0',
    TEMPORAL_LOG_LEVEL: opts.logLevel ?? 'warn',
    TEMPORAL_DYNAMIC_CONFIG: dynamicConfig,
    ...Object.fromEntries((Object.keys(PORT_ENV) as (keyof ClusterPorts)[]).map((k) => [PORT_ENV[k], String(ports[k])])),
  };
  const args = ['--root', path.dirname(configDir), '--config', path.basename(configDir), '--env', 'postgres', '--allow-no-auth', 'start'];
  log(`Starting Temporal server: ${binaries.server} ${args.join(' ')} (frontend ${ip}:${ports.frontend}, log ${logFile})`);
  const started = Date.now();
  const child = spawn(binaries.server, args, { env: serverEnv, cwd: dataDir, stdio: ['ignore', logStream.fd, logStream.fd] });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  child.on('error', (e) => (spawnError = e));
  await logStream.close();

  const address = `${ip === '0.0.0.0' ? '127.0.0.1' : ip}:${ports.frontend}`;
  // The server logs JSON lines with long stack traces: keep the start of each of the last lines.
  const lastLog = async (): Promise<string> =>
    (await fs.readFile(logFile, 'utf8').catch(() => ''))
      .trimEnd()
      .split('\n')
      .slice(-12)
      .map((l) => (l.length > 400 ? `${l.slice(0, 400)}…` : l))
      .join('\n');

  const onExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', onExit);

  let stopped = false;
  /** A failed start keeps its log for the operator. */
  let failed = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitExit(child, grace))) {
        log(`Temporal server did not stop within ${grace} ms; killing it.`);
        child.kill('SIGKILL');
        await waitExit(child, 5000);
      }
    }
    if (temporary && !opts.keepLogs && !failed) await fs.rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + startTimeoutMs;
  let registered = false;
  let lastProblem = 'frontend not listening yet';
  const fail = async (code: 'TEMPORAL.START_FAILED' | 'TEMPORAL.START_TIMEOUT' | 'TEMPORAL.NAMESPACE_FAILED', message: string): Promise<never> => {
    const detail = await lastLog();
    failed = true;
    await stop().catch(() => undefined);
    throw new ToolchainError(code, message, detail);
  };
  for (;;) {
    if (spawnError)
      await fail(
        'TEMPORAL.START_FAILED',
        `Không chạy được / could not run ${binaries.server}: ${spawnError.message}. Run \`npm run cluster:prove\` to provision it, or set TEMPORAL_SERVER_PATH.`,
      );
    if (exited || child.exitCode !== null || child.signalCode !== null) {
      await fail(
        'TEMPORAL.START_FAILED',
        `Temporal server dừng khi khởi động / exited during start-up (${exited?.code ?? child.exitCode ?? exited?.signal ?? child.signalCode}); its log is ${logFile}.`,
      );
    }
    if (await isPortListening(ports.frontend, ip === '0.0.0.0' ? '127.0.0.1' : ip, 500)) {
      let conn: Connection | undefined;
      try {
        conn = await Connection.connect({ address, connectTimeout: 2000 });
        const svc = conn.workflowService;
        if (!registered) {
          try {
            await svc.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${opts.retentionDays ?? 3} days`) });
            log(`Namespace ${namespace} registered`);
          } catch (e) {
            if (grpcCode(e) !== GRPC_ALREADY_EXISTS) throw e;
          }
          registered = true;
        }
        await svc.describeNamespace({ namespace });
        // Matching answers (an empty queue is fine).
        await svc.describeTaskQueue({ namespace, taskQueue: { name: 'ntm-readiness-probe' }, taskQueueType: 1 });
        // History answers: NotFound for a workflow that does not exist means it is up.
        try {
          await svc.getWorkflowExecutionHistory({ namespace, execution: { workflowId: 'ntm-readiness-probe' }, maximumPageSize: 1 });
        } catch (e) {
          if (grpcCode(e) !== GRPC_NOT_FOUND) throw e;
        }
        break;
      } catch (e) {
        lastProblem = e instanceof Error ? e.message : String(e);
      } finally {
        await conn?.close().catch(() => undefined);
      }
    }
    if (Date.now() > deadline) {
      await fail(
        registered ? 'TEMPORAL.START_TIMEOUT' : 'TEMPORAL.NAMESPACE_FAILED',
        `Temporal server không sẵn sàng / did not become ready on ${address} within ${Math.round(startTimeoutMs / 1000)} s (last: ${lastProblem}); its log is ${logFile}.`,
      );
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const startMs = Date.now() - started;
  const metricsUrl = opts.metricsPort !== undefined ? `http://${address.split(':')[0]}:${opts.metricsPort}/metrics` : undefined;
  log(
    `Temporal cluster ready on ${address} (namespace ${namespace}; PostgreSQL ${pg.host}:${pg.port}/${databases.temporal},${databases.visibility}) in ${Math.round(startMs / 100) / 10} s`,
  );
  return { address, namespace, ports, metricsUrl, databases, binaries, pid: child.pid ?? -1, logFile, timings: { schemaMs, startMs }, stop };
}
