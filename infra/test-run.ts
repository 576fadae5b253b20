/**
 * `npm test`: provisions what the tests need (Temporal CLI, Java test server, Chromium), starts a
 * throwaway PostgreSQL on loopback, typechecks, lints (eslint, layer rules, formatting), runs jest with
 * the paths in the environment, stops PostgreSQL whatever happens, and ends with `N passed, N failed`.
 *
 * Extra arguments go to jest: `npm test -- tests/domain -t 'submits'`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureChromium } from './browser';
import { startLocalPostgres, type LocalPostgres } from './postgres';
import { consoleReporter, ensureTemporalCli, ensureTestServer, formatToolchainError, isRoot, isToolchainError, PROJECT_ROOT } from './toolchain';

const reporter = consoleReporter();
const say = (line: string): void => reporter.log(`[npm test] ${line}`);

let pg: LocalPostgres | undefined;
let current: ChildProcess | undefined;
let interrupted = false;
let finalLine = '0 passed, 1 failed';

function run(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    current = child;
    child.on('error', (e) => {
      say(`could not run ${cmd}: ${e.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      current = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

const bin = (name: string): string => path.join(PROJECT_ROOT, 'node_modules', '.bin', name);
const seconds = (since: number): string => `${((Date.now() - since) / 1000).toFixed(1)} s`;

interface JestSummary {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTotalTests: number;
  numRuntimeErrorTestSuites: number;
  numFailedTestSuites: number;
}

async function main(argv: readonly string[]): Promise<number> {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const finish = (code: number): number => {
    finalLine = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    return code;
  };

  // (1) Provision: idempotent, fast when cached.
  const t0 = Date.now();
  let temporalCli: string;
  let testServer: string;
  let chromium: string;
  try {
    let t = Date.now();
    temporalCli = await ensureTemporalCli(reporter);
    say(`temporal CLI: ${temporalCli} (${seconds(t)})`);
    t = Date.now();
    testServer = await ensureTestServer(reporter);
    say(`test server: ${testServer} (${seconds(t)})`);
    t = Date.now();
    chromium = await ensureChromium(reporter);
    say(`chromium: ${chromium} (${seconds(t)})`);
    // (2) A throwaway PostgreSQL on loopback.
    t = Date.now();
    pg = await startLocalPostgres({ ...reporter, install: isRoot() });
    say(`PostgreSQL on 127.0.0.1:${pg.port} (${seconds(t)})`);
  } catch (e) {
    reporter.log(isToolchainError(e) ? formatToolchainError(e) : `Provisioning failed: ${e instanceof Error ? e.stack : String(e)}`);
    failed += 1;
    return finish(1);
  }
  say(`provisioned in ${seconds(t0)}`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_CLI_PATH: temporalCli,
    TEMPORAL_TEST_SERVER_PATH: testServer,
    TEST_DATABASE_URL_POSTGRES: pg.url,
    CHROMIUM_PATH: chromium,
  };
  let exit = 0;

  // (3) Typecheck, lint, tests. Each check counts as one passed or failed item in the final line.
  let t = Date.now();
  say('typecheck: tsc -p tsconfig.json');
  if ((await run(bin('tsc'), ['-p', 'tsconfig.json'], env)) === 0) {
    passed += 1;
    say(`typecheck passed (${seconds(t)})`);
  } else {
    failed += 1;
    exit = 1;
    say(`typecheck FAILED (${seconds(t)})`);
  }
  if (interrupted) return finish(130);

  // Lint = eslint (pure domain, I/O-free workflows, promises), the layer rules (dependency-cruiser) and the
  // formatting (prettier): each its own line, so a failure says which rule broke.
  const lints: [string, string, string[]][] = [
    ['eslint', 'eslint .', ['.']],
    [
      'depcruise',
      'layer rules (.dependency-cruiser.cjs)',
      ['--config', '.dependency-cruiser.cjs', 'domain', 'workflows', 'activities', 'store', 'app', 'api', 'cli', 'worker', 'infra', 'prisma'],
    ],
    ['prettier', 'formatting (prettier --check)', ['--check', '.', '--log-level', 'warn']],
  ];
  for (const [tool, label, args] of lints) {
    t = Date.now();
    say(`lint: ${label}`);
    if ((await run(bin(tool), args, env)) === 0) {
      passed += 1;
      say(`lint passed: ${label} (${seconds(t)})`);
    } else {
      failed += 1;
      exit = 1;
      say(`lint FAILED: ${label} (${seconds(t)}) — npm run format fixes the formatting`);
    }
    if (interrupted) return finish(130);
  }
  if (interrupted) return finish(130);

  t = Date.now();
  const resultsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ntm-jest-'));
  const resultsFile = path.join(resultsDir, 'results.json');
  try {
    say(`jest ${argv.join(' ')}`.trim());
    const code = await run(bin('jest'), ['--json', `--outputFile=${resultsFile}`, ...argv], env);
    const summary = JSON.parse(await fs.readFile(resultsFile, 'utf8').catch(() => 'null')) as JestSummary | null;
    if (summary) {
      passed += summary.numPassedTests;
      // A test file that fails to load has no failed test, but is a failure.
      failed += summary.numFailedTests + summary.numRuntimeErrorTestSuites;
      skipped += summary.numPendingTests;
      if (summary.numTotalTests === 0) {
        failed += 1;
        say('jest ran no test');
      }
    } else {
      failed += 1;
      say('jest wrote no results');
    }
    if (code !== 0 || !summary) exit = 1;
    say(`jest finished with exit code ${code} (${seconds(t)})`);
  } finally {
    await fs.rm(resultsDir, { recursive: true, force: true });
  }
  if (failed > 0) exit = exit || 1;
  return finish(interrupted ? 130 : exit);
}

async function cleanup(): Promise<void> {
  const p = pg;
  pg = undefined;
  if (p) {
    try {
      await p.stop();
    } catch (e) {
      reporter.log(`[npm test] could not stop PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (interrupted) return;
    interrupted = true;
    say(`${sig}: stopping…`);
    current?.kill(sig);
    // Give the child a moment to exit; cleanup runs in main's finally.
    setTimeout(() => {
      current?.kill('SIGKILL');
      void cleanup().then(() => process.exit(130));
    }, 10_000).unref();
  });
}

void main(process.argv.slice(2))
  .then(
    (code) => code,
    (e: unknown) => {
      reporter.log(`[npm test] ${e instanceof Error ? e.stack : String(e)}`);
      return 1;
    },
  )
  .then(async (code) => {
    await cleanup();
    // The closing line CI reads: nothing may be printed after it.
    process.stdout.write(`${finalLine}\n`);
    process.exit(code);
  });
