import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { timeSkippingEnv } from '../support/temporal';
import { ensureChromium, chromiumLaunchOptions } from '../../infra/browser';
import { checkToolchain, ensureTemporalCli, ensureTestServer, runCommand, ToolchainError, TEMPORAL_CLI_VERSION } from '../../infra/toolchain';

let scratch: string;

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ntm-toolchain-test-'));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

async function dir(name: string): Promise<string> {
  const d = path.join(scratch, name);
  await fs.mkdir(d, { recursive: true });
  return d;
}

async function script(d: string, name: string, body: string): Promise<string> {
  const p = path.join(d, name);
  await fs.writeFile(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return p;
}

/** Rejection of `p`, asserted to be a ToolchainError. */
async function toolchainFailure(p: Promise<unknown>): Promise<ToolchainError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ToolchainError);
  return e as ToolchainError;
}

/** An environment with nothing on PATH but `dirs`. */
const bareEnv = (...dirs: string[]): NodeJS.ProcessEnv => ({ PATH: dirs.join(path.delimiter), HOME: os.homedir() });

describe('ensureTemporalCli', () => {
  test(
    'returns a temporal binary that prints its version (building or reusing the pinned cache)',
    async () => {
      const env = { ...process.env };
      delete env.TEMPORAL_CLI_PATH;
      const cli = await ensureTemporalCli({ env });
      const r = await runCommand(cli, ['--version']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^temporal version \S+ \(Server \d+\.\d+\.\d+/);
    },
    15 * 60_000,
  );

  test('TEMPORAL_CLI_PATH wins when it names a working binary', async () => {
    const bin = await dir('fake-cli');
    const fake = await script(bin, 'my-temporal', 'echo "temporal version 9.9.9 (Server 1.0.0, UI 1.0.0)"');
    await expect(ensureTemporalCli({ env: { ...bareEnv(), TEMPORAL_CLI_PATH: fake }, toolsDir: await dir('tools-unused') })).resolves.toBe(fake);
  });

  test('TEMPORAL_CLI_PATH naming a missing file is refused with a message naming the variable and the path', async () => {
    const missing = path.join(scratch, 'nowhere', 'temporal');
    const e = await toolchainFailure(ensureTemporalCli({ env: { ...bareEnv(), TEMPORAL_CLI_PATH: missing } }));
    expect(e.code).toBe('TOOLCHAIN.INVALID_PATH');
    expect(e.message).toContain(`TEMPORAL_CLI_PATH=${missing}`);
    expect(e.message).toMatch(/no executable file/);
  });

  test('no Go, no cached binary, no TEMPORAL_CLI_PATH and no internet gives one TOOLCHAIN.GO_MISSING message, quickly', async () => {
    const started = Date.now();
    const e = await toolchainFailure(
      ensureTemporalCli({
        env: bareEnv(await dir('empty-path')),
        toolsDir: await dir('empty-tools'),
        goDirs: [],
        // A closed loopback port stands in for an unreachable download host.
        sdkDownloadProbeUrl: 'http://127.0.0.1:9/',
      }),
    );
    expect(e.code).toBe('TOOLCHAIN.GO_MISSING');
    expect(e.message).toMatch(/^Go toolchain not found/);
    expect(e.message).toContain('TEMPORAL_CLI_PATH');
    expect(e.message).toMatch(/Install Go/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test("a go build that fails gives TOOLCHAIN.BUILD_FAILED with go's own last lines, and leaves no half binary", async () => {
    const goDir = await dir('failing-go');
    await script(goDir, 'go', 'echo "go: github.com/temporalio/cli@v1.5.1: proxy unreachable" >&2; exit 1');
    const tools = await dir('tools-failing');
    const e = await toolchainFailure(ensureTemporalCli({ env: bareEnv(goDir, '/usr/bin', '/bin'), toolsDir: tools, goDirs: [] }));
    expect(e.code).toBe('TOOLCHAIN.BUILD_FAILED');
    expect(e.message).toContain(`@${TEMPORAL_CLI_VERSION}`);
    expect(e.detail).toContain('proxy unreachable');
    expect(await fs.readdir(path.join(tools, 'bin'))).toEqual([]);
  });

  test('building from the module proxy installs the pinned tag into the cache, says how long it takes and shows progress', async () => {
    const goDir = await dir('fake-go');
    // Records its arguments, then "builds" a temporal that reports the pinned version.
    await script(
      goDir,
      'go',
      [
        `echo "$@" > "${scratch}/go-args"`,
        'echo "go: downloading github.com/temporalio/cli v1.5.1" >&2',
        'echo "github.com/temporalio/cli/temporalcli" >&2',
        'sleep 1.2',
        `printf '#!/bin/sh\\necho "temporal version ${TEMPORAL_CLI_VERSION.slice(1)} (Server 1.29.1, UI 2.42.1)"\\n' > "$GOBIN/temporal"`,
        'chmod +x "$GOBIN/temporal"',
      ].join('\n'),
    );
    const tools = await dir('tools-building');
    const logs: string[] = [];
    const progress: string[] = [];
    const env = bareEnv(goDir, '/usr/bin', '/bin');
    const cli = await ensureTemporalCli({ env, toolsDir: tools, goDirs: [], log: (l) => logs.push(l), progress: (l) => progress.push(l) });
    expect(cli).toBe(path.join(tools, 'bin', 'temporal'));
    const args = await fs.readFile(path.join(scratch, 'go-args'), 'utf8');
    expect(args).toContain(`github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`);
    expect(args).toContain(`temporalcli.Version=${TEMPORAL_CLI_VERSION.slice(1)}`);
    expect(logs.join('\n')).toMatch(/4–10 minutes/);
    expect(progress.some((l) => /go install temporal \d+s/.test(l))).toBe(true);
    // Second call: cached, no rebuild.
    await fs.rm(path.join(scratch, 'go-args'));
    await expect(ensureTemporalCli({ env, toolsDir: tools, goDirs: [] })).resolves.toBe(cli);
    await expect(fs.stat(path.join(scratch, 'go-args'))).rejects.toThrow();
  });
});

describe('ensureTestServer', () => {
  test('without Java gives TOOLCHAIN.JAVA_MISSING naming the way out', async () => {
    const e = await toolchainFailure(ensureTestServer({ env: bareEnv(await dir('no-java')), javaDirs: [], toolsDir: await dir('tools-nojava') }));
    expect(e.code).toBe('TOOLCHAIN.JAVA_MISSING');
    expect(e.message).toMatch(/^Java not found/);
    expect(e.message).toContain('TEMPORAL_TEST_SERVER_PATH');
  });

  test('with Java but no jars and no Maven gives TOOLCHAIN.MAVEN_MISSING', async () => {
    const javaOnly = await dir('java-only');
    await script(javaOnly, 'java', 'exit 0');
    const e = await toolchainFailure(ensureTestServer({ env: bareEnv(javaOnly), javaDirs: [], toolsDir: await dir('tools-nomvn') }));
    expect(e.code).toBe('TOOLCHAIN.MAVEN_MISSING');
    expect(e.message).toMatch(/^Maven not found/);
  });

  test('TEMPORAL_TEST_SERVER_PATH naming a missing file is refused', async () => {
    const e = await toolchainFailure(ensureTestServer({ env: { ...bareEnv(), TEMPORAL_TEST_SERVER_PATH: '/nonexistent/test-server' } }));
    expect(e.code).toBe('TOOLCHAIN.INVALID_PATH');
    expect(e.message).toContain('TEMPORAL_TEST_SERVER_PATH=/nonexistent/test-server');
  });

  test(
    'the provisioned wrapper runs a time-skipping server that the SDK test environment uses',
    async () => {
      const env = { ...process.env };
      delete env.TEMPORAL_TEST_SERVER_PATH;
      const wrapper = await ensureTestServer({ env });
      expect(path.basename(wrapper)).toBe('temporal-test-server');
      const testEnv = await timeSkippingEnv(wrapper);
      try {
        const before = await testEnv.currentTimeMs();
        await testEnv.sleep('30 days');
        expect((await testEnv.currentTimeMs()) - before).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
      } finally {
        await testEnv.teardown();
      }
    },
    5 * 60_000,
  );
});

describe('checkToolchain', () => {
  test('reports each piece with where it was found', async () => {
    const items = await checkToolchain();
    expect(items.map((i) => i.name)).toEqual(['temporal CLI', 'go', 'java', 'maven', 'temporal test server', 'chromium', 'postgresql']);
    for (const i of items) if (i.ok) expect(i.where).toBeTruthy();
  });

  test('reports missing pieces as not ok', async () => {
    const items = await checkToolchain({ env: bareEnv(await dir('empty-check')), toolsDir: await dir('tools-check'), goDirs: [], javaDirs: [] });
    const byName = new Map(items.map((i) => [i.name, i]));
    expect(byName.get('temporal CLI')?.ok).toBe(false);
    expect(byName.get('go')?.ok).toBe(false);
    expect(byName.get('java')?.ok).toBe(false);
    expect(byName.get('temporal test server')?.ok).toBe(false);
  });
});

describe('ensureChromium', () => {
  test('CHROMIUM_PATH naming a missing file is refused', async () => {
    const e = await toolchainFailure(ensureChromium({ env: { ...bareEnv(), CHROMIUM_PATH: '/nonexistent/chromium' } }));
    expect(e.code).toBe('TOOLCHAIN.INVALID_PATH');
  });

  test('finds Debian chromium, which renders a page headless with our flags through playwright-core', async () => {
    const exe = await ensureChromium({ install: false });
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch(chromiumLaunchOptions(exe));
    try {
      const page = await browser.newPage();
      await page.setContent('<h1 id="t">Nông thôn mới</h1>');
      await expect(page.textContent('#t')).resolves.toBe('Nông thôn mới');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
