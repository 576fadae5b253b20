/**
 * Debian's Chromium for browser tests (playwright-core drives it; `npx playwright install` cannot
 * download a browser on registry-only machines).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { aptGetInstall, findExecutable, isExecutableFile, ToolchainError, type Reporter } from './toolchain';

export interface ChromiumOptions extends Reporter {
  env?: NodeJS.ProcessEnv;
  /** Install Debian's `chromium` with apt-get when missing (only works as root). Default true. */
  install?: boolean;
}

/**
 * Flags for a headless Chromium on a machine without internet: without the background-networking
 * flags Chromium keeps trying (and failing) to reach Google's services at every start.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox', // we run as root in CI; the sandbox refuses root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Path of a Chromium executable: `CHROMIUM_PATH`, else `chromium` on PATH or /usr/bin, else apt-get installs it. */
export async function ensureChromium(options: ChromiumOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!(await isExecutableFile(fromEnv))) {
      throw new ToolchainError(
        'TOOLCHAIN.INVALID_PATH',
        `CHROMIUM_PATH=${fromEnv} but no executable file is there. Point it at a Chromium binary or unset it.`,
      );
    }
    return fromEnv;
  }
  const found = await findExecutable('chromium', env, ['/usr/bin']);
  if (found) return found;
  const hint = 'Install it with `apt-get install chromium` (as root), or set CHROMIUM_PATH to a Chromium/Chrome binary.';
  if (options.install === false) {
    throw new ToolchainError('TOOLCHAIN.CHROMIUM_MISSING', `Chromium not found. ${hint}`);
  }
  await aptGetInstall(['chromium'], { code: 'TOOLCHAIN.CHROMIUM_MISSING', what: 'Chromium not found.', hint }, options);
  const installed = await findExecutable('chromium', env, ['/usr/bin']);
  if (!installed) throw new ToolchainError('TOOLCHAIN.CHROMIUM_MISSING', `apt-get installed chromium but no \`chromium\` executable appeared. ${hint}`);
  return installed;
}

/**
 * Options for playwright-core's `chromium.launch()`. Playwright gives every launch a fresh temporary
 * profile itself (and refuses `--user-data-dir` in args), so none is passed here.
 */
export function chromiumLaunchOptions(executablePath: string): { executablePath: string; headless: true; args: string[] } {
  return { executablePath, headless: true, args: [...CHROMIUM_ARGS] };
}

/**
 * Full command line for running Chromium directly (without Playwright), with a new empty profile
 * folder; `cleanup()` removes it.
 */
export async function chromiumCommandLine(
  executablePath: string,
  extraArgs: readonly string[] = [],
): Promise<{ command: string; args: string[]; userDataDir: string; cleanup: () => Promise<void> }> {
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ntm-chromium-'));
  return {
    command: executablePath,
    args: [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`, ...extraArgs],
    userDataDir,
    cleanup: () => fs.rm(userDataDir, { recursive: true, force: true }),
  };
}
