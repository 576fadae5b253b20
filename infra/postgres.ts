/**
 * A private PostgreSQL cluster on loopback, from Debian's binaries (`/usr/lib/postgresql/<ver>/bin`):
 * for the persistence tests and for a local demo against PostgreSQL. PostgreSQL refuses to run as root,
 * so when we are root the server runs as the `postgres` user (`runuser`), in a folder that user owns.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort, isPortFree, isPortListening, portInUseError } from './temporal-dev-server';
import { aptGetInstall, findExecutable, findPostgresBinDir, isRoot, runCommand, ToolchainError, type Reporter } from './toolchain';

export interface LocalPostgresOptions extends Reporter {
  /** Cluster folder; default a new temporary folder (removed by stop()). */
  dataDir?: string;
  /** Default: a free port. */
  port?: number;
  user?: string;
  password?: string;
  database?: string;
  /**
   * Keep the cluster files after stop(). Default: true when `dataDir` was given (a demo keeps its
   * data, and a later start reuses the cluster), false for a temporary folder.
   */
  keep?: boolean;
  /** fsync and friends on. Default false: tests want speed, not crash safety. */
  durable?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Install Debian's postgresql with apt-get if missing. Default: when `CI` or `NTM_AUTO_INSTALL=1` is set (root only). */
  install?: boolean;
}

export interface LocalPostgres {
  /** `postgresql://user:password@127.0.0.1:port/database` */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** Where Debian's PostgreSQL is, installing it with apt-get when allowed (root and CI or NTM_AUTO_INSTALL=1). */
export async function ensurePostgresBinaries(options: Reporter & { env?: NodeJS.ProcessEnv; install?: boolean } = {}): Promise<string> {
  const env = options.env ?? process.env;
  const found = await findPostgresBinDir();
  if (found) return found;
  const hint = 'Install it with `apt-get install postgresql` (or run as root with NTM_AUTO_INSTALL=1 to let the project do it).';
  const auto = options.install ?? (!!env.CI || env.NTM_AUTO_INSTALL === '1');
  if (!auto || !isRoot()) {
    throw new ToolchainError('TOOLCHAIN.POSTGRES_MISSING', `PostgreSQL not found (no /usr/lib/postgresql/<version>/bin/initdb). ${hint}`);
  }
  await aptGetInstall(['postgresql'], { code: 'TOOLCHAIN.POSTGRES_MISSING', what: 'PostgreSQL not found.', hint }, options);
  const bin = await findPostgresBinDir();
  if (!bin) throw new ToolchainError('TOOLCHAIN.POSTGRES_MISSING', `apt-get installed postgresql but no initdb appeared under /usr/lib/postgresql. ${hint}`);
  return bin;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Starts (initialising if needed) a cluster listening only on 127.0.0.1, with a role and a database. */
export async function startLocalPostgres(options: LocalPostgresOptions = {}): Promise<LocalPostgres> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const user = options.user ?? 'ntm';
  const password = options.password ?? 'ntm';
  const database = options.database ?? 'ntm_test';
  if (!IDENT.test(user) || !IDENT.test(database)) {
    throw new ToolchainError('TOOLCHAIN.POSTGRES_FAILED', `PostgreSQL user and database names must be lower-case identifiers (got ${user}, ${database}).`);
  }
  const bin = await ensurePostgresBinaries(options);

  const temporary = !options.dataDir;
  const dataDir = path.resolve(options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'ntm-pg-'))));
  const keep = options.keep ?? !temporary;
  const port = options.port ?? (await freePort());
  if (!(await isPortFree(port)) || (await isPortListening(port))) throw portInUseError(port, 'POSTGRES_PORT', 'PostgreSQL');

  const asPg = isRoot();
  const pgUser = asPg ? 'postgres' : os.userInfo().username;
  const clusterDir = path.join(dataDir, 'cluster');
  // Unix socket paths are limited to ~107 bytes; keep the socket somewhere short.
  const socketDir = dataDir.length < 80 ? dataDir : await fs.mkdtemp(path.join(os.tmpdir(), 'ntm-pgs-'));
  const logFile = path.join(dataDir, 'postgres.log');

  await fs.mkdir(dataDir, { recursive: true });
  if (asPg) {
    if (!(await findExecutable('runuser', env, ['/usr/sbin', '/sbin']))) {
      throw new ToolchainError(
        'TOOLCHAIN.POSTGRES_FAILED',
        'Running as root but `runuser` is missing: PostgreSQL refuses to run as root. Run the tests as a normal user, or install util-linux.',
      );
    }
    // The postgres user must own its folders and be able to reach them.
    await runCommand('chown', ['-R', 'postgres:postgres', dataDir, socketDir]);
    for (let d = path.dirname(dataDir); d !== path.dirname(d); d = path.dirname(d)) {
      const st = await fs.stat(d);
      if ((st.mode & 0o001) === 0) await fs.chmod(d, st.mode | 0o001);
    }
  }
  const run = async (cmd: string, args: string[]) => {
    const full = asPg ? (['runuser', ['-u', 'postgres', '--', cmd, ...args]] as const) : ([cmd, args] as const);
    return runCommand(full[0], full[1], { env: { ...env, LC_ALL: 'C.UTF-8' }, cwd: dataDir, timeoutMs: 120_000 });
  };
  const fail = async (what: string, r: { stdout: string; stderr: string }): Promise<never> => {
    const serverLog = await fs.readFile(logFile, 'utf8').catch(() => '');
    throw new ToolchainError(
      'TOOLCHAIN.POSTGRES_FAILED',
      `${what} (cluster in ${clusterDir}).`,
      `${r.stdout}${r.stderr}${serverLog}`.trim().split('\n').slice(-20).join('\n'),
    );
  };

  const fresh = !(await fs.stat(path.join(clusterDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  ));
  if (fresh) {
    log(`Initialising a PostgreSQL cluster in ${clusterDir}…`);
    const r = await run(path.join(bin, 'initdb'), [
      '-D',
      clusterDir,
      '-U',
      'postgres',
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    if (r.code !== 0) await fail('initdb failed', r);
  }
  const serverOpts = [
    `-p ${port}`,
    `-c listen_addresses=127.0.0.1`,
    `-c unix_socket_directories=${socketDir}`,
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
  ].join(' ');
  const started = await run(path.join(bin, 'pg_ctl'), ['-D', clusterDir, '-l', logFile, '-w', '-t', '60', '-o', serverOpts, 'start']);
  if (started.code !== 0) await fail(`PostgreSQL did not start on 127.0.0.1:${port}`, started);

  let stopped = false;
  const stopSync = (): void => {
    if (stopped) return;
    stopped = true;
    const args = [path.join(bin, 'pg_ctl'), '-D', clusterDir, '-m', 'immediate', 'stop'];
    spawnSync(asPg ? 'runuser' : args[0]!, asPg ? ['-u', 'postgres', '--', ...args] : args.slice(1), { stdio: 'ignore' });
  };
  // If this process dies without stop(), do not leave a server behind.
  process.once('exit', stopSync);

  const stop = async (): Promise<void> => {
    process.removeListener('exit', stopSync);
    if (stopped) return;
    stopped = true;
    const r = await run(path.join(bin, 'pg_ctl'), ['-D', clusterDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
    if (r.code !== 0) await run(path.join(bin, 'pg_ctl'), ['-D', clusterDir, '-m', 'immediate', 'stop']);
    if (!keep) await fs.rm(dataDir, { recursive: true, force: true });
    if (socketDir !== dataDir) await fs.rm(socketDir, { recursive: true, force: true });
  };

  try {
    // Local socket, trust auth, as the postgres superuser: create (or update) the role and database.
    const admin = new Client({ host: socketDir, port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
      await admin.query(`${role.rowCount ? 'ALTER' : 'CREATE'} ROLE ${user} LOGIN CREATEDB CREATEROLE PASSWORD ${quoteLiteral(password)}`);
      const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!db.rowCount) await admin.query(`CREATE DATABASE ${database} OWNER ${user}`);
    } finally {
      await admin.end();
    }
  } catch (e) {
    await stop();
    throw new ToolchainError(
      'TOOLCHAIN.POSTGRES_FAILED',
      `PostgreSQL started but setting up role ${user} and database ${database} failed: ${e instanceof Error ? e.message : String(e)}`,
    );
  }

  const url = `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  log(`PostgreSQL ready: ${url.replace(/:[^:@/]*@/, ':***@')}`);
  return { url, port, dataDir, stop };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * Creates database `name` on the server of `url` (dropping a previous one of that name) and returns
 * its URL: one database per test file keeps parallel test files apart.
 */
export async function createDatabase(url: string, name: string): Promise<string> {
  if (!IDENT.test(name)) throw new Error(`createDatabase: '${name}' is not a lower-case identifier`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await dropIfExists(client, name);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return withDatabase(url, name);
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  if (!IDENT.test(name)) throw new Error(`dropDatabase: '${name}' is not a lower-case identifier`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await dropIfExists(client, name);
  } finally {
    await client.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `DROP DATABASE … WITH (FORCE)` ends every session on the database, but a role that is not a superuser
 * may only end its own: PostgreSQL 15 refuses (42501, "must be a member of the role whose process is
 * being terminated") when any other process is there — an autovacuum worker woken by the migrations
 * is enough, which is how CI's non-superuser `ntm` role failed once. Then end our own sessions and
 * drop without FORCE, which asks autovacuum to stop and waits for the rest; a database some other
 * role still uses after ~20 s is reported, not forced.
 */
async function dropIfExists(client: Client, name: string): Promise<void> {
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    return;
  } catch (e) {
    if ((e as { code?: string }).code !== '42501') throw e;
  }
  for (let attempt = 1; ; attempt++) {
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()', [
      name,
    ]);
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (e) {
      // 55006: still in use by other users (DROP itself waited 5 s for them).
      if ((e as { code?: string }).code !== '55006' || attempt >= 4) throw e;
      await sleep(250);
    }
  }
}
