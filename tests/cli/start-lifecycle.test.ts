/** `npm start`'s pid file and stop: a stale pid file never blocks the next start; a stop always ends. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquirePidFile, boundedStop, isNtmProcess } from '../../cli/commands/start';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ntm-pid-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the pid file', () => {
  it('is written with our pid and removed on release', () => {
    const p = acquirePidFile(dir);
    expect(readFileSync(join(dir, 'ntm.pid'), 'utf8')).toBe(String(process.pid));
    p.release();
    expect(existsSync(join(dir, 'ntm.pid'))).toBe(false);
  });

  it.each([
    ['a dead process', '999999'],
    ['garbage', 'not a pid\n'],
    ['an empty file', ''],
    ['our own pid (a restart in the same process)', String(process.pid)],
  ])('left behind by %s never blocks the next start', (_what, content) => {
    writeFileSync(join(dir, 'ntm.pid'), content);
    const p = acquirePidFile(dir);
    expect(readFileSync(join(dir, 'ntm.pid'), 'utf8')).toBe(String(process.pid));
    p.release();
  });

  it('left behind with a pid now used by an unrelated program does not block either', async () => {
    const other = spawn('sleep', ['30']);
    try {
      await new Promise((r) => other.once('spawn', r));
      writeFileSync(join(dir, 'ntm.pid'), String(other.pid));
      expect(isNtmProcess(other.pid!)).toBe(false);
      const p = acquirePidFile(dir);
      expect(p.stale).toBe(other.pid);
      p.release();
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('of a running engine refuses a second start on the same data, in both languages', async () => {
    // A stand-in whose command line is that of `npm start` (tsx cli/main.ts start).
    const engine = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)', 'cli/main.ts', 'start']);
    try {
      await new Promise((r) => engine.once('spawn', r));
      writeFileSync(join(dir, 'ntm.pid'), String(engine.pid));
      expect(() => acquirePidFile(dir)).toThrow(
        expect.objectContaining({ code: 'START.ALREADY_RUNNING', messageVi: expect.stringContaining('đang chạy') }) as Error,
      );
      expect(readFileSync(join(dir, 'ntm.pid'), 'utf8')).toBe(String(engine.pid));
    } finally {
      engine.kill('SIGKILL');
    }
  });

  it('release leaves another process’s file alone', () => {
    const p = acquirePidFile(dir);
    writeFileSync(join(dir, 'ntm.pid'), '424242');
    p.release();
    expect(readFileSync(join(dir, 'ntm.pid'), 'utf8')).toBe('424242');
  });
});

describe('the stop', () => {
  it('is bounded: a step that hangs is left behind and the steps after it (the pid file last) still run', async () => {
    const ran: string[] = [];
    const log: string[] = [];
    const t0 = Date.now();
    await boundedStop(
      [
        { name: 'pid', run: async () => void ran.push('pid') },
        { name: 'database', run: () => Promise.reject(new Error('gone')) },
        { name: 'worker', run: () => new Promise<void>(() => undefined) },
        { name: 'HTTP API', run: async () => void ran.push('api') },
      ],
      300,
      (l) => log.push(l),
    );
    // The worker step never ends: any finite time proves the bound; 4 steps × 0.3 s plus room for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(ran).toEqual(['api', 'pid']);
    expect(log.join('\n')).toMatch(/worker: không dừng sau \/ did not stop within 0.3 s/);
    expect(log.join('\n')).toMatch(/database: Error: gone/);
  });
});
