/**
 * Provisioning of the native pieces the engine needs and npm cannot install: the Temporal CLI (dev
 * server) and Temporal's Java time-skipping test server. Idempotent; everything is cached under
 * `.tools/` (git-ignored). Every function takes its paths and environment as options so the failure
 * paths can be tested without touching the real cache.
 *
 * Order of preference for the Temporal CLI (see shared toolchain notes):
 *   1. `TEMPORAL_CLI_PATH` (must exist and run);
 *   2. a `temporal` already on PATH;
 *   3. the cached build `.tools/bin/temporal` (if it is the pinned version);
 *   4. a build from the Go module proxy (`go install …@TEMPORAL_CLI_VERSION`);
 *   5. the Temporal SDK's own download (`cached-download`), only when its download host answers. On
 *      machines that reach only package registries it does not; the probe fails in seconds, never hangs.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// ---------------------------------------------------------------------------------------------------
// Pins
// ---------------------------------------------------------------------------------------------------

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli';
export const TEMPORAL_CLI_PACKAGE = `${TEMPORAL_CLI_MODULE}/cmd/temporal`;
/**
 * The Temporal CLI tag built from the Go module proxy. v1.5.1 (server 1.29.1, `go 1.25`) is the last
 * tag that `go install pkg@version` accepts: from v1.6.0 on, the CLI's go.mod carries a `replace`
 * directive, and `go install` refuses modules with replace directives when installing `pkg@version`.
 */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
/** `go install` leaves `Version` at "0.0.0-DEV"; stamp the real one so `temporal --version` tells it. */
const TEMPORAL_CLI_LDFLAGS = `-X ${TEMPORAL_CLI_MODULE}/temporalcli.Version=${TEMPORAL_CLI_VERSION.slice(1)}`;
/** Maven goal, plugin pinned (the test-server version itself is pinned in the POM). */
const MAVEN_COPY_GOAL = 'org.apache.maven.plugins:maven-dependency-plugin:2.8:copy-dependencies';
/** Where the SDK's own download is fetched from; probed before trying it. */
export const SDK_DOWNLOAD_PROBE_URL = 'https://temporal.download/';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

export type ToolchainErrorCode =
  | 'TOOLCHAIN.GO_MISSING'
  | 'TOOLCHAIN.JAVA_MISSING'
  | 'TOOLCHAIN.MAVEN_MISSING'
  | 'TOOLCHAIN.BUILD_FAILED'
  | 'TOOLCHAIN.INVALID_PATH'
  | 'TOOLCHAIN.CHROMIUM_MISSING'
  | 'TOOLCHAIN.POSTGRES_MISSING'
  | 'TOOLCHAIN.POSTGRES_FAILED'
  | 'TEMPORAL.PORT_IN_USE'
  | 'TEMPORAL.START_FAILED'
  | 'TEMPORAL.START_TIMEOUT'
  | 'TEMPORAL.SCHEMA_FAILED'
  | 'TEMPORAL.NAMESPACE_FAILED';

/**
 * One clear message naming what is missing and how to provide it. Callers print `message` alone (no
 * stack): see `formatToolchainError`.
 */
export class ToolchainError extends Error {
  constructor(
    readonly code: ToolchainErrorCode,
    message: string,
    /** Last lines of the failing tool's output, when there is one. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ToolchainError';
  }
}

export function isToolchainError(e: unknown): e is ToolchainError {
  return e instanceof ToolchainError;
}

/** `CODE: message` plus the tool's last output lines: what a CLI prints instead of a stack trace. */
export function formatToolchainError(e: ToolchainError): string {
  return `${e.code}: ${e.message}${e.detail ? `\n--- last output ---\n${e.detail}` : ''}`;
}

// ---------------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------------

export interface Reporter {
  /** A line worth keeping (what is being done, what was found). */
  log?: (line: string) => void;
  /** A transient status line, called about once a second while something long runs. */
  progress?: (line: string) => void;
}

/**
 * Default reporter: lines to stderr; progress overwrites one line on a terminal and is printed every
 * 15 s otherwise (CI logs stay short but show the build is alive).
 */
export function consoleReporter(stream: NodeJS.WriteStream = process.stderr): Required<Reporter> {
  let lastPlain = 0;
  let dirty = false;
  const clear = (): void => {
    if (dirty) stream.write('\r\x1b[K');
    dirty = false;
  };
  return {
    log: (line) => {
      clear();
      stream.write(`${line}\n`);
    },
    progress: (line) => {
      if (stream.isTTY) {
        const width = Math.max(20, (stream.columns || 100) - 1);
        stream.write(`\r\x1b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
        dirty = true;
      } else if (Date.now() - lastPlain >= 15000) {
        lastPlain = Date.now();
        stream.write(`${line}\n`);
      }
    },
  };
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

// ---------------------------------------------------------------------------------------------------
// Processes and executables
// ---------------------------------------------------------------------------------------------------

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** Each complete line of stdout or stderr, as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Keep at most this many characters of each stream (the tail). */
  maxOutput?: number;
}

/** Runs a command without a shell; never throws for a non-zero exit (spawn errors do throw). */
export function runCommand(cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const max = opts.maxOutput ?? 200_000;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    const partial = { stdout: '', stderr: '' };
    const feed = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      out[which] = (out[which] + text).slice(-max);
      if (opts.onLine) {
        const lines = (partial[which] + text).split(/\r?\n/);
        partial[which] = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) opts.onLine(line, which);
      }
    };
    child.stdout.on('data', feed('stdout'));
    child.stderr.on('data', feed('stderr'));
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs) {
      timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
      timer.unref();
    }
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, ...out });
    });
  });
}

export async function isExecutableFile(p: string): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    if (!st.isFile()) return false;
    await fs.access(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** First executable `name` in the PATH of `env`, then in `extraDirs`. */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env, extraDirs: readonly string[] = []): Promise<string | undefined> {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs a long command showing a spinner, the elapsed time, a counter and the last output line.
 */
export async function runWithProgress(
  label: string,
  cmd: string,
  args: readonly string[],
  opts: RunOptions & { reporter: Reporter; countLine?: (line: string) => boolean },
): Promise<RunResult & { elapsedMs: number }> {
  const started = Date.now();
  let lastLine = '';
  let count = 0;
  let tick = 0;
  const draw = (): void => {
    const spin = SPINNER[tick++ % SPINNER.length] ?? '';
    const counter = opts.countLine ? ` · ${count} steps` : '';
    opts.reporter.progress?.(`${spin} ${label} ${formatElapsed(Date.now() - started)}${counter} · ${lastLine}`);
  };
  const timer = setInterval(draw, 1000);
  try {
    const result = await runCommand(cmd, args, {
      ...opts,
      onLine: (line, stream) => {
        lastLine = line.trim();
        if (opts.countLine?.(line)) count++;
        opts.onLine?.(line, stream);
      },
    });
    return { ...result, elapsedMs: Date.now() - started };
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------------------------------------------
// Debian packages
// ---------------------------------------------------------------------------------------------------

export const isRoot = (): boolean => process.getuid?.() === 0;

let aptUpdated = false;

/**
 * `apt-get install -y <packages>` (after one `apt-get update` per process), non-interactive. Only as
 * root; throws `code` with `hint` when it cannot or when apt fails.
 */
export async function aptGetInstall(
  packages: readonly string[],
  failure: { code: ToolchainErrorCode; what: string; hint: string },
  reporter: Reporter = {},
): Promise<void> {
  const apt = await findExecutable('apt-get', process.env, ['/usr/bin']);
  if (!isRoot() || !apt) {
    throw new ToolchainError(
      failure.code,
      `${failure.what} ${isRoot() ? 'apt-get is not available' : 'Not running as root, so it is not installed automatically'}. ${failure.hint}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', NEEDRESTART_MODE: 'a' };
  const rep = { log: reporter.log ?? (() => {}), progress: reporter.progress ?? (() => {}) };
  if (!aptUpdated) {
    rep.log('apt-get update…');
    const u = await runWithProgress('apt-get update', apt, ['update'], { env, reporter: rep });
    if (u.code !== 0) throw new ToolchainError(failure.code, `${failure.what} \`apt-get update\` failed. ${failure.hint}`, tail(u.stdout + u.stderr));
    aptUpdated = true;
  }
  rep.log(`apt-get install ${packages.join(' ')} (a minute or two)…`);
  const r = await runWithProgress(`apt-get install ${packages.join(' ')}`, apt, ['install', '-y', ...packages], {
    env,
    reporter: rep,
    countLine: (l) => l.startsWith('Setting up '),
  });
  if (r.code !== 0) {
    throw new ToolchainError(failure.code, `${failure.what} \`apt-get install ${packages.join(' ')}\` failed. ${failure.hint}`, tail(r.stdout + r.stderr));
  }
  rep.log(`Installed ${packages.join(' ')} in ${formatElapsed(r.elapsedMs)}.`);
}

// ---------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------

export interface ToolchainOptions extends Reporter {
  /** Cache folder; default `<project>/.tools`. */
  toolsDir?: string;
  /** Environment to read overrides and PATH from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Directories searched for `go` after PATH; default the usual install places. */
  goDirs?: readonly string[];
  /** Directories searched for `java`/`mvn` after PATH (and `$JAVA_HOME/bin`). */
  javaDirs?: readonly string[];
  /** Try the SDK's own download as a last resort (only if the probe answers). Default true. */
  allowSdkDownload?: boolean;
  sdkDownloadProbeUrl?: string;
  /** POM resolving the test server; default `scripts/provision/test-server-pom.xml`. */
  testServerPom?: string;
}

const DEFAULT_GO_DIRS = ['/usr/local/go/bin', '/usr/lib/go/bin', path.join(os.homedir(), 'go', 'bin'), '/snap/bin'];
const DEFAULT_JAVA_DIRS = ['/usr/lib/jvm/default-java/bin'];

function resolveOptions(opts: ToolchainOptions) {
  const env = opts.env ?? process.env;
  return {
    env,
    toolsDir: path.resolve(opts.toolsDir ?? path.join(PROJECT_ROOT, '.tools')),
    goDirs: opts.goDirs ?? DEFAULT_GO_DIRS,
    javaDirs: [...(env.JAVA_HOME ? [path.join(env.JAVA_HOME, 'bin')] : []), ...(opts.javaDirs ?? DEFAULT_JAVA_DIRS)],
    reporter: { log: opts.log ?? (() => {}), progress: opts.progress ?? (() => {}) },
    allowSdkDownload: opts.allowSdkDownload ?? true,
    probeUrl: opts.sdkDownloadProbeUrl ?? SDK_DOWNLOAD_PROBE_URL,
    pom: path.resolve(opts.testServerPom ?? path.join(PROJECT_ROOT, 'scripts', 'provision', 'test-server-pom.xml')),
  };
}

// ---------------------------------------------------------------------------------------------------
// Temporal CLI
// ---------------------------------------------------------------------------------------------------

/** `temporal --version` output, or undefined if the binary does not run. */
export async function temporalVersion(bin: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  try {
    const r = await runCommand(bin, ['--version'], { env, timeoutMs: 20_000 });
    return r.code === 0 ? r.stdout.trim() : undefined;
  } catch {
    return undefined;
  }
}

async function requireRunnable(envName: string, p: string, what: string): Promise<void> {
  if (!(await isExecutableFile(p))) {
    throw new ToolchainError(
      'TOOLCHAIN.INVALID_PATH',
      `${envName}=${p} but no executable file is there. Point ${envName} at an existing ${what}, or unset it to let the project provision one.`,
    );
  }
}

/** Is the cached binary the pinned build? Our builds say so in `--version`; older ones via a stamp or `go version -m`. */
async function isPinnedBuild(bin: string, versionText: string, goBin: string | undefined, env: NodeJS.ProcessEnv): Promise<boolean> {
  if (versionText.includes(`version ${TEMPORAL_CLI_VERSION.slice(1)} `)) return true;
  const stamp = await fs.readFile(`${bin}.version`, 'utf8').catch(() => '');
  if (stamp.trim() === `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`) return true;
  if (!goBin) return false;
  const r = await runCommand(goBin, ['version', '-m', bin], { env, timeoutMs: 30_000 }).catch(() => undefined);
  const pinned = !!r && r.code === 0 && new RegExp(`\\bmod\\s+${TEMPORAL_CLI_MODULE.replace(/\./g, '\\.')}\\s+${TEMPORAL_CLI_VERSION}\\b`).test(r.stdout);
  if (pinned) await fs.writeFile(`${bin}.version`, `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}\n`);
  return pinned;
}

/**
 * Path of a `temporal` CLI binary, provisioning one if needed (see the order at the top of this file).
 * The first build from source takes about 4–10 minutes on 2 cores (module downloads and compiling
 * ~1,500 packages); later builds reuse Go's caches.
 */
export async function ensureTemporalCli(options: ToolchainOptions = {}): Promise<string> {
  const o = resolveOptions(options);
  const { env, reporter } = o;

  const fromEnv = env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    await requireRunnable('TEMPORAL_CLI_PATH', fromEnv, 'temporal CLI binary');
    if (!(await temporalVersion(fromEnv, env))) {
      throw new ToolchainError('TOOLCHAIN.INVALID_PATH', `TEMPORAL_CLI_PATH=${fromEnv} does not run \`--version\`: is it a temporal CLI binary?`);
    }
    return fromEnv;
  }

  const onPath = await findExecutable('temporal', env);
  if (onPath && (await temporalVersion(onPath, env))) return onPath;

  const binDir = path.join(o.toolsDir, 'bin');
  const cached = path.join(binDir, 'temporal');
  const goBin = await findExecutable('go', env, o.goDirs);
  if (await isExecutableFile(cached)) {
    const v = await temporalVersion(cached, env);
    if (v && (await isPinnedBuild(cached, v, goBin, env))) return cached;
    if (v && !goBin) {
      reporter.log(`Using cached ${cached} (${v}); cannot confirm it is the pinned ${TEMPORAL_CLI_VERSION} build without Go.`);
      return cached;
    }
    reporter.log(`Cached ${cached} is not the pinned ${TEMPORAL_CLI_VERSION} build (${v ?? 'does not run'}); rebuilding.`);
  }

  if (goBin) return buildTemporalCli(goBin, binDir, env, reporter);

  if (o.allowSdkDownload && (await isReachable(o.probeUrl))) {
    return sdkDownloadTemporalCli(o.toolsDir, reporter);
  }

  throw new ToolchainError(
    'TOOLCHAIN.GO_MISSING',
    `Go toolchain not found (looked on PATH and in ${o.goDirs.join(', ')}), and the Temporal SDK's download host is not reachable. ` +
      `Install Go ≥ 1.21 (it fetches the go 1.25 toolchain that temporal CLI ${TEMPORAL_CLI_VERSION} needs from the Go module proxy by itself), ` +
      `or set TEMPORAL_CLI_PATH to an existing temporal binary, or put \`temporal\` on PATH.`,
  );
}

async function buildTemporalCli(goBin: string, binDir: string, env: NodeJS.ProcessEnv, reporter: Required<Reporter>): Promise<string> {
  await fs.mkdir(binDir, { recursive: true });
  // Build into a private folder, then rename: an interrupted build never leaves a half binary behind.
  const stage = await fs.mkdtemp(path.join(binDir, '.build-'));
  const target = path.join(binDir, 'temporal');
  reporter.log(
    `Building the Temporal CLI ${TEMPORAL_CLI_VERSION} from the Go module proxy with ${goBin} into ${target}.\n` +
      `The first build takes about 4–10 minutes on 2 cores (module downloads, then compiling); later ones reuse Go's caches.`,
  );
  try {
    const r = await runWithProgress(
      'go install temporal',
      goBin,
      ['install', '-v', `-ldflags=${TEMPORAL_CLI_LDFLAGS}`, `${TEMPORAL_CLI_PACKAGE}@${TEMPORAL_CLI_VERSION}`],
      {
        env: { ...env, GOBIN: stage, PATH: `${path.dirname(goBin)}${path.delimiter}${env.PATH ?? ''}` },
        cwd: os.tmpdir(), // outside any module, so the project's own files never matter
        reporter,
        countLine: (line) => !line.startsWith('go: '),
      },
    );
    if (r.code !== 0 || !(await isExecutableFile(path.join(stage, 'temporal')))) {
      throw new ToolchainError(
        'TOOLCHAIN.BUILD_FAILED',
        `Building the Temporal CLI failed (\`go install ${TEMPORAL_CLI_PACKAGE}@${TEMPORAL_CLI_VERSION}\` exited ${r.code ?? r.signal}). ` +
          `Check that the Go module proxy is reachable (GOPROXY=${env.GOPROXY ?? 'default'}), or set TEMPORAL_CLI_PATH to an existing temporal binary.`,
        tail(r.stderr),
      );
    }
    await fs.rename(path.join(stage, 'temporal'), target);
    await fs.writeFile(`${target}.version`, `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}\n`);
    const v = await temporalVersion(target, env);
    if (!v) throw new ToolchainError('TOOLCHAIN.BUILD_FAILED', `The freshly built ${target} does not run \`--version\`.`);
    reporter.log(`Built ${target} in ${formatElapsed(r.elapsedMs)}: ${v}`);
    return target;
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
  }
}

/** A quick yes/no: does `url` answer at all within `timeoutMs`? Never hangs. */
export async function isReachable(url: string, timeoutMs = 3000): Promise<boolean> {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Last resort where the internet is reachable: let the Temporal SDK download its default CLI (as
 * `TestWorkflowEnvironment.createLocal()` does), then keep the binary it left in `downloadDir`.
 * Not exercised on registry-only machines (the probe fails first).
 */
async function sdkDownloadTemporalCli(toolsDir: string, reporter: Required<Reporter>): Promise<string> {
  const downloadDir = path.join(toolsDir, 'sdk-download');
  await fs.mkdir(downloadDir, { recursive: true });
  reporter.log(`Go not found; downloading the Temporal CLI through the Temporal SDK into ${downloadDir}…`);
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const envt = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'cached-download', downloadDir } },
    });
    await envt.teardown();
  } catch (e) {
    throw new ToolchainError(
      'TOOLCHAIN.GO_MISSING',
      `Go toolchain not found and the Temporal SDK's download failed. Install Go ≥ 1.21, or set TEMPORAL_CLI_PATH to an existing temporal binary.`,
      e instanceof Error ? e.message : String(e),
    );
  }
  const entries = await fs.readdir(downloadDir);
  const candidates: { p: string; mtime: number }[] = [];
  for (const name of entries) {
    const p = path.join(downloadDir, name);
    if (await isExecutableFile(p)) candidates.push({ p, mtime: (await fs.stat(p)).mtimeMs });
  }
  const newest = candidates.sort((a, b) => b.mtime - a.mtime)[0];
  if (!newest) throw new ToolchainError('TOOLCHAIN.BUILD_FAILED', `The Temporal SDK download left no executable in ${downloadDir}.`);
  return newest.p;
}

// ---------------------------------------------------------------------------------------------------
// Temporal server (the distributed engine: all four services on PostgreSQL) and its SQL schema tool
// ---------------------------------------------------------------------------------------------------

export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
/** Same server version as the pinned CLI's embedded dev server (CLI v1.5.1 = server 1.29.1). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const TEMPORAL_SERVER_PACKAGES = [`${TEMPORAL_SERVER_MODULE}/cmd/server`, `${TEMPORAL_SERVER_MODULE}/cmd/tools/sql`] as const;

export interface TemporalServerBinaries {
  /** The `temporal-server` binary (`start --service frontend|history|matching|worker`). */
  server: string;
  /** `temporal-sql-tool` (create-database, setup-schema, update-schema; the schemas are embedded). */
  sqlTool: string;
  version: string;
  /** Where they came from. */
  from: 'env' | 'cache' | 'build';
}

/** `.tools/temporal-server-1.29.1/`: distinct from the CLI's `.tools/bin/`, one folder per pinned version. */
export function temporalServerDir(toolsDir: string): string {
  return path.join(toolsDir, `temporal-server-${TEMPORAL_SERVER_VERSION.slice(1)}`);
}

/** `temporal-server --version` → "temporal version 1.29.1", or undefined if it does not run. */
export async function temporalServerVersion(bin: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  try {
    const r = await runCommand(bin, ['--version'], { env, timeoutMs: 20_000 });
    return r.code === 0 ? (r.stdout.trim() || r.stderr.trim()).split('\n')[0] : undefined;
  } catch {
    return undefined;
  }
}

/** The cached pair, if both are there, run, and carry the pinned version's stamp. No provisioning. */
export async function cachedTemporalServer(options: Pick<ToolchainOptions, 'toolsDir' | 'env'> = {}): Promise<TemporalServerBinaries | undefined> {
  const o = resolveOptions(options);
  const dir = temporalServerDir(o.toolsDir);
  const server = path.join(dir, 'temporal-server');
  const sqlTool = path.join(dir, 'temporal-sql-tool');
  if (!(await isExecutableFile(server)) || !(await isExecutableFile(sqlTool))) return undefined;
  const stamp = (await fs.readFile(path.join(dir, 'VERSION'), 'utf8').catch(() => '')).trim();
  if (stamp !== `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`) return undefined;
  const version = await temporalServerVersion(server, o.env);
  return version ? { server, sqlTool, version, from: 'cache' } : undefined;
}

/**
 * The Temporal server and SQL tool, provisioning them if needed. Order of preference:
 *   1. `TEMPORAL_SERVER_PATH` and `TEMPORAL_SQL_TOOL_PATH` (both must exist and run);
 *   2. the cached build `.tools/temporal-server-1.29.1/{temporal-server,temporal-sql-tool}`;
 *   3. one `go install` of both packages from the Go module proxy (measured on a busy 2-core machine:
 *      13.5 min after the CLI build had warmed the module cache, since the server's own dependency
 *      versions still compile ~640 packages; 30 s when Go's build cache has them, i.e. link only).
 * There is no SDK download of the full server.
 */
export async function ensureTemporalServer(options: ToolchainOptions = {}): Promise<TemporalServerBinaries> {
  const o = resolveOptions(options);
  const { env, reporter } = o;

  if (env.TEMPORAL_SERVER_PATH || env.TEMPORAL_SQL_TOOL_PATH) {
    if (!env.TEMPORAL_SERVER_PATH || !env.TEMPORAL_SQL_TOOL_PATH) {
      throw new ToolchainError(
        'TOOLCHAIN.INVALID_PATH',
        'Cần đặt cả hai biến TEMPORAL_SERVER_PATH và TEMPORAL_SQL_TOOL_PATH / set both TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH ' +
          '(the server and the SQL schema tool of the same version), or neither to let the project build them.',
      );
    }
    await requireRunnable('TEMPORAL_SERVER_PATH', env.TEMPORAL_SERVER_PATH, 'temporal-server binary');
    await requireRunnable('TEMPORAL_SQL_TOOL_PATH', env.TEMPORAL_SQL_TOOL_PATH, 'temporal-sql-tool binary');
    const version = await temporalServerVersion(env.TEMPORAL_SERVER_PATH, env);
    if (!version) {
      throw new ToolchainError(
        'TOOLCHAIN.INVALID_PATH',
        `TEMPORAL_SERVER_PATH=${env.TEMPORAL_SERVER_PATH} không chạy được / does not run \`--version\`: is it a temporal-server binary?`,
      );
    }
    return { server: env.TEMPORAL_SERVER_PATH, sqlTool: env.TEMPORAL_SQL_TOOL_PATH, version, from: 'env' };
  }

  const cached = await cachedTemporalServer({ toolsDir: o.toolsDir, env });
  if (cached) return cached;

  const goBin = await findExecutable('go', env, o.goDirs);
  if (!goBin) {
    throw new ToolchainError(
      'TOOLCHAIN.GO_MISSING',
      `Không tìm thấy Go / Go toolchain not found (looked on PATH and in ${o.goDirs.join(', ')}): the Temporal server ${TEMPORAL_SERVER_VERSION} is built from the Go module proxy. ` +
        'Install Go ≥ 1.21, or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH to existing binaries (temporal-server, temporal-sql-tool).',
    );
  }
  return buildTemporalServer(goBin, temporalServerDir(o.toolsDir), env, reporter);
}

async function buildTemporalServer(goBin: string, dir: string, env: NodeJS.ProcessEnv, reporter: Required<Reporter>): Promise<TemporalServerBinaries> {
  await fs.mkdir(dir, { recursive: true });
  const stage = await fs.mkdtemp(path.join(dir, '.build-'));
  const pkgs = TEMPORAL_SERVER_PACKAGES.map((p) => `${p}@${TEMPORAL_SERVER_VERSION}`);
  reporter.log(
    `Building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool from the Go module proxy with ${goBin} into ${dir}.\n` +
      'Measured on a busy 2-core machine: 13.5 minutes right after the Temporal CLI build (its dependency versions differ, so ~640 packages still compile); ' +
      "about 30 s when Go's build cache already holds them (link only).",
  );
  try {
    const r = await runWithProgress('go install temporal-server', goBin, ['install', '-v', ...pkgs], {
      env: { ...env, GOBIN: stage, PATH: `${path.dirname(goBin)}${path.delimiter}${env.PATH ?? ''}` },
      cwd: os.tmpdir(), // outside any module
      reporter,
      countLine: (line) => !line.startsWith('go: '),
    });
    const built = { server: path.join(stage, 'server'), sqlTool: path.join(stage, 'sql') };
    if (r.code !== 0 || !(await isExecutableFile(built.server)) || !(await isExecutableFile(built.sqlTool))) {
      throw new ToolchainError(
        'TOOLCHAIN.BUILD_FAILED',
        `Biên dịch Temporal server thất bại / building the Temporal server failed (\`go install ${pkgs.join(' ')}\` exited ${r.code ?? r.signal}). ` +
          `Check that the Go module proxy is reachable (GOPROXY=${env.GOPROXY ?? 'default'}), or set TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH to existing binaries.`,
        tail(r.stderr),
      );
    }
    const server = path.join(dir, 'temporal-server');
    const sqlTool = path.join(dir, 'temporal-sql-tool');
    await fs.rename(built.server, server);
    await fs.rename(built.sqlTool, sqlTool);
    await fs.writeFile(path.join(dir, 'VERSION'), `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}\n`);
    const version = await temporalServerVersion(server, env);
    if (!version) throw new ToolchainError('TOOLCHAIN.BUILD_FAILED', `The freshly built ${server} does not run \`--version\`.`);
    reporter.log(`Built ${server} and ${sqlTool} in ${formatElapsed(r.elapsedMs)}: ${version}`);
    return { server, sqlTool, version, from: 'build' };
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Java time-skipping test server
// ---------------------------------------------------------------------------------------------------

async function pinnedTestServerVersion(pom: string): Promise<string> {
  const text = await fs.readFile(pom, 'utf8');
  const m = /<temporal\.test\.server\.version>\s*([^<\s]+)\s*<\/temporal\.test\.server\.version>/.exec(text);
  if (!m?.[1]) throw new ToolchainError('TOOLCHAIN.INVALID_PATH', `${pom} does not pin <temporal.test.server.version>.`);
  return m[1];
}

/**
 * The launcher beside lib/: it finds the jars from its own location, so a tools folder reached through a
 * symlink or moved elsewhere keeps working (an absolute path written by one checkout broke another's).
 */
function wrapperScript(java: string): string {
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# Temporal time-skipping test server (Java), provisioned by infra/toolchain.ts. Usage: <port> [--enable-time-skipping]',
    `exec ${q(java)} -cp "$(dirname "$0")/lib/*" io.temporal.testserver.TestServer "$@"`,
    '',
  ].join('\n');
}

/**
 * Path of an executable wrapper that runs the Java test server (`<port> --enable-time-skipping`), for
 * `TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } })`.
 * `TEMPORAL_TEST_SERVER_PATH` overrides; otherwise the jars are resolved with Maven from the pinned POM
 * into `.tools/test-server/lib` (about 25 s with an empty Maven cache on these machines).
 */
export async function ensureTestServer(options: ToolchainOptions = {}): Promise<string> {
  const o = resolveOptions(options);
  const { env, reporter } = o;
  const fromEnv = env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) {
    await requireRunnable('TEMPORAL_TEST_SERVER_PATH', fromEnv, 'test server executable');
    return fromEnv;
  }

  const java = await findExecutable('java', env, o.javaDirs);
  if (!java) {
    throw new ToolchainError(
      'TOOLCHAIN.JAVA_MISSING',
      `Java not found (looked on PATH, $JAVA_HOME/bin and ${DEFAULT_JAVA_DIRS.join(', ')}): the time-skipping test server is a Java program. ` +
        `Install a Java runtime ≥ 11 (apt-get install openjdk-17-jre-headless), or set TEMPORAL_TEST_SERVER_PATH to an existing test server executable.`,
    );
  }

  const dir = path.join(o.toolsDir, 'test-server');
  const libDir = path.join(dir, 'lib');
  const wrapper = path.join(dir, 'temporal-test-server');
  const version = await pinnedTestServerVersion(o.pom);
  const jar = path.join(libDir, `temporal-test-server-${version}.jar`);

  if (
    !(await fs.stat(jar).then(
      () => true,
      () => false,
    ))
  ) {
    const mvn = await findExecutable('mvn', env, o.javaDirs);
    if (!mvn) {
      throw new ToolchainError(
        'TOOLCHAIN.MAVEN_MISSING',
        `Maven not found: it resolves the Temporal test server ${version} from Maven Central. ` +
          `Install Maven (apt-get install maven), or set TEMPORAL_TEST_SERVER_PATH to an existing test server executable.`,
      );
    }
    await fs.mkdir(dir, { recursive: true });
    const stage = await fs.mkdtemp(path.join(dir, '.lib-'));
    reporter.log(`Resolving the Temporal test server ${version} and its dependencies from Maven Central into ${libDir} (about 30 s the first time)…`);
    try {
      const r = await runWithProgress(
        'mvn dependency:copy-dependencies',
        mvn,
        ['-B', '-f', o.pom, MAVEN_COPY_GOAL, `-DoutputDirectory=${stage}`, '-DincludeScope=runtime'],
        { env, cwd: path.dirname(o.pom), reporter, countLine: (l) => l.includes('Downloaded from') },
      );
      if (
        r.code !== 0 ||
        !(await fs.stat(path.join(stage, path.basename(jar))).then(
          () => true,
          () => false,
        ))
      ) {
        throw new ToolchainError(
          'TOOLCHAIN.BUILD_FAILED',
          `Maven could not resolve io.temporal:temporal-test-server:${version} (exit ${r.code ?? r.signal}). ` +
            `Check that Maven Central is reachable, or set TEMPORAL_TEST_SERVER_PATH to an existing test server executable.`,
          tail(r.stdout + r.stderr),
        );
      }
      // A lib folder without the pinned jar is an older pin: replace it. If another process has just
      // put a complete one in place, keep that one.
      if (
        !(await fs.stat(jar).then(
          () => true,
          () => false,
        ))
      ) {
        await fs.rm(libDir, { recursive: true, force: true });
        await fs.rename(stage, libDir).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
        });
      }
      reporter.log(`Test server jars ready in ${formatElapsed(r.elapsedMs)}.`);
    } finally {
      await fs.rm(stage, { recursive: true, force: true });
    }
  }

  const script = wrapperScript(java);
  if ((await fs.readFile(wrapper, 'utf8').catch(() => '')) !== script) {
    await fs.writeFile(wrapper, script, { mode: 0o755 });
  }
  await fs.chmod(wrapper, 0o755);
  return wrapper;
}

// ---------------------------------------------------------------------------------------------------
// Report for `ntm provision --check`
// ---------------------------------------------------------------------------------------------------

export interface ToolchainItem {
  name: string;
  ok: boolean;
  /** Where it was found, or why not. */
  where?: string;
  version?: string;
  note?: string;
}

async function firstLine(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    const r = await runCommand(cmd, args, { env, timeoutMs: 20_000 });
    if (r.code !== 0) return undefined;
    return (r.stdout.trim() || r.stderr.trim())
      .split('\n')[0]
      ?.replace(/\x1b\[[0-9;]*m/g, '')
      .trim();
  } catch {
    return undefined;
  }
}

/** What is there, where, and which version; provisions nothing. */
export async function checkToolchain(options: ToolchainOptions = {}): Promise<ToolchainItem[]> {
  const o = resolveOptions(options);
  const { env } = o;
  const items: ToolchainItem[] = [];

  // Temporal CLI, in the order ensureTemporalCli would pick it.
  const cached = path.join(o.toolsDir, 'bin', 'temporal');
  const onPath = await findExecutable('temporal', env);
  const cli = env.TEMPORAL_CLI_PATH
    ? { p: env.TEMPORAL_CLI_PATH, from: 'TEMPORAL_CLI_PATH' }
    : onPath
      ? { p: onPath, from: 'PATH' }
      : (await isExecutableFile(cached))
        ? { p: cached, from: 'cache' }
        : undefined;
  const cliVersion = cli && (await temporalVersion(cli.p, env));
  items.push(
    cli && cliVersion
      ? { name: 'temporal CLI', ok: true, where: `${cli.p} (${cli.from})`, version: cliVersion }
      : { name: 'temporal CLI', ok: false, where: cli?.p, note: `not provisioned; \`npm run provision\` builds ${TEMPORAL_CLI_VERSION} with Go` },
  );

  const go = await findExecutable('go', env, o.goDirs);
  items.push({
    name: 'go',
    ok: !!go,
    where: go,
    version: go && (await firstLine(go, ['version'], env)),
    note: go ? undefined : 'needed only to build the temporal CLI',
  });

  const java = await findExecutable('java', env, o.javaDirs);
  items.push({ name: 'java', ok: !!java, where: java, version: java && (await firstLine(java, ['-version'], env)) });
  const mvn = await findExecutable('mvn', env, o.javaDirs);
  items.push({
    name: 'maven',
    ok: !!mvn,
    where: mvn,
    version: mvn && (await firstLine(mvn, ['-v'], { ...env, MAVEN_OPTS: '' })),
    note: mvn ? undefined : 'needed only to resolve the test server jars',
  });

  const wrapper = env.TEMPORAL_TEST_SERVER_PATH ?? path.join(o.toolsDir, 'test-server', 'temporal-test-server');
  let tsVersion: string | undefined;
  try {
    tsVersion = await pinnedTestServerVersion(o.pom);
  } catch {
    tsVersion = undefined;
  }
  const wrapperOk = await isExecutableFile(wrapper);
  items.push({
    name: 'temporal test server',
    ok: wrapperOk,
    where: wrapperOk ? `${wrapper}${env.TEMPORAL_TEST_SERVER_PATH ? ' (TEMPORAL_TEST_SERVER_PATH)' : ''}` : undefined,
    version: env.TEMPORAL_TEST_SERVER_PATH ? undefined : tsVersion,
    note: wrapperOk ? undefined : 'not provisioned; `npm run provision` resolves it with Maven',
  });

  const chromium = env.CHROMIUM_PATH ?? (await findExecutable('chromium', env));
  items.push({
    name: 'chromium',
    ok: !!chromium,
    where: chromium,
    version: chromium && (await firstLine(chromium, ['--version'], env)),
    note: chromium ? undefined : 'installed by `npm test` with apt-get when running as root',
  });

  const pgBin = await findPostgresBinDir();
  items.push({
    name: 'postgresql',
    ok: !!pgBin,
    where: pgBin,
    version: pgBin && (await firstLine(path.join(pgBin, 'postgres'), ['--version'], env)),
    note: pgBin ? undefined : 'needed for the PostgreSQL tests; apt-get install postgresql',
  });
  return items;
}

/** Newest `/usr/lib/postgresql/<ver>/bin` that has initdb and pg_ctl. */
export async function findPostgresBinDir(root = '/usr/lib/postgresql'): Promise<string | undefined> {
  const versions = await fs.readdir(root).catch(() => [] as string[]);
  const sorted = versions.filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of sorted) {
    const bin = path.join(root, v, 'bin');
    if ((await isExecutableFile(path.join(bin, 'initdb'))) && (await isExecutableFile(path.join(bin, 'pg_ctl')))) return bin;
  }
  return undefined;
}

/** Table for the CLI. */
export function formatToolchainReport(items: readonly ToolchainItem[]): string {
  return items
    .map((i) => `${i.ok ? '✔' : '✘'} ${i.name.padEnd(22)} ${i.where ?? '-'}${i.version ? `  [${i.version}]` : ''}${i.note ? `  (${i.note})` : ''}`)
    .join('\n');
}
