/**
 * Parent side of scripts/bench/worker-process.ts: write the workflow bundle once, spawn the worker as a
 * child (through tsx), wait for "ready", kill it (SIGKILL: no shutdown, no cleanup) or stop it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFor, ROOT } from './common';

let bundleFile: Promise<string> | undefined;
/** The dossier bundle written to a file once per process (children load it without webpack). */
export function dossierBundleFile(): Promise<string> {
  bundleFile ??= bundleFor('dossier').then((b) => {
    const f = join(mkdtempSync(join(tmpdir(), 'ntm-bundle-')), 'workflows.js');
    writeFileSync(f, b.code);
    return f;
  });
  return bundleFile;
}

export interface ChildWorker {
  pid: number;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function spawnWorker(
  env: { TEMPORAL_ADDRESS: string; TASK_QUEUE: string; DATABASE_URL: string; SMTP_URL?: string; MAX_CACHED_WORKFLOWS?: string },
  readyTimeoutMs = 60_000,
): Promise<ChildWorker> {
  const bundle = await dossierBundleFile();
  // node --import tsx: one process (the tsx launcher would add a parent in between), so pid is the worker.
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'worker-process.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, WORKFLOW_BUNDLE: bundle },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`worker not ready after ${readyTimeoutMs} ms: ${err}`)), readyTimeoutMs);
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) {
        clearTimeout(t);
        resolve();
      }
    });
    void exited.then((x) => {
      clearTimeout(t);
      reject(new Error(`worker exited before ready (${x.code ?? x.signal}): ${err}`));
    });
  });
  const pid = child.pid!;
  return {
    pid,
    child,
    exited,
    stderr: () => err,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}
