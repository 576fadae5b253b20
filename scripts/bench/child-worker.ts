/**
 * Parent side of scripts/bench/worker-process.ts: write the workflow bundle once, spawn the worker as a
 * child (through tsx), wait for "ready", kill it (SIGKILL: no shutdown, no cleanup) or stop it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFor, ROOT } from './common';

const bundleFiles = new Map<'dossier' | 'bare', Promise<string>>();
/** A bundle (ours, or the bare baseline's) written to a file once per process (children load it without webpack). */
function bundleFile(which: 'dossier' | 'bare'): Promise<string> {
  let f = bundleFiles.get(which);
  if (!f) {
    f = bundleFor(which).then((b) => {
      const file = join(mkdtempSync(join(tmpdir(), 'ntm-bundle-')), 'workflows.js');
      writeFileSync(file, b.code);
      return file;
    });
    bundleFiles.set(which, f);
  }
  return f;
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
  /** 'bare': the bare baseline's bundle and its no-op activity (the fan-out ratio's denominator). */
  which: 'dossier' | 'bare' = 'dossier',
): Promise<ChildWorker> {
  const bundle = await bundleFile(which);
  // node --import tsx: one process (the tsx launcher would add a parent in between), so pid is the worker.
  // BENCH_WORKER_NODE_FLAGS: extra node flags for the worker child, e.g. `--cpu-prof --cpu-prof-dir=bench-results/prof`
  // (one profile per thread: the workflows run in the SDK's workflow thread).
  const flags = (process.env.BENCH_WORKER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', join(__dirname, 'worker-process.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, WORKFLOW_BUNDLE: bundle, ...(which === 'bare' ? { BARE_ACTIVITIES: '1' } : {}) },
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
