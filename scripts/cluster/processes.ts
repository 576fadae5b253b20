/**
 * Engine processes as an operator starts them, for scripts/cluster/*: the standalone worker
 * (worker/main.ts) and the API (scripts/cluster/api-process.ts), each `node --import tsx <entry>`
 * (one process, so its pid is the one to SIGKILL and to measure; `npx tsx` would put a launcher in
 * between). Waits for the entry's ready line; keeps the output's tail; measures start time and RSS.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { rssOf, ROOT } from '../bench/common';

export interface EngineProcess {
  name: string;
  pid: number;
  child: ChildProcess;
  /** From spawn to the ready line. */
  startMs: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every complete stdout line so far (bounded). */
  lines: string[];
  tail(): string;
  rss(): { peakMiB: number; rssMiB: number };
  kill(): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

export async function spawnEngineProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  readyTimeoutMs = 120_000,
  keepLines = 20_000,
): Promise<EngineProcess> {
  const t0 = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let partial = '';
  const lines: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let onReady: (() => void) | undefined;
  child.stdout!.on('data', (c: Buffer) => {
    const text = c.toString();
    out = (out + text).slice(-8000);
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) {
      if (lines.length < keepLines) lines.push(l);
      if (onReady && ready.test(l)) onReady();
    }
  });
  child.stderr!.on('data', (c: Buffer) => {
    out = (out + c.toString()).slice(-8000);
  });
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${name} not ready after ${readyTimeoutMs} ms:\n${out}`)), readyTimeoutMs);
    onReady = () => {
      onReady = undefined;
      clearTimeout(t);
      resolve();
    };
    void exited.then((x) => {
      clearTimeout(t);
      reject(new Error(`${name} exited before ready (${x.code ?? x.signal}):\n${out}`));
    });
  });
  const startMs = Date.now() - t0;
  const pid = child.pid!;
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    pid,
    child,
    startMs,
    exited,
    lines,
    tail: () => out,
    rss: () => rssOf(pid),
    async kill() {
      if (!alive()) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 20_000) {
      if (!alive()) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}

/** A standalone worker (worker/main.ts) with the environment an operator would give it. */
export function spawnWorkerProcess(name: string, env: Record<string, string | undefined>): Promise<EngineProcess> {
  const clean = { ...process.env };
  for (const k of ['WORKFLOW_BUNDLE', 'METRICS_PORT', 'METRICS_HOST', 'LOG_FORMAT', 'LOG_LEVEL']) delete clean[k];
  return spawnEngineProcess(name, 'worker/main.ts', { ...clean, ...env }, /worker: task queue/);
}

/** An API process (scripts/cluster/api-process.ts). */
export function spawnApiProcess(name: string, env: Record<string, string | undefined>): Promise<EngineProcess> {
  return spawnEngineProcess(name, 'scripts/cluster/api-process.ts', { ...process.env, ...env }, /^api ready /);
}
