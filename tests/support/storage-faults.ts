/**
 * Real storage faults for tests (issue 17), no stand-ins: a file the process cannot open for writing,
 * and a filesystem that is full.
 *   readOnlyFile: as root (for whom chmod changes nothing) the file is made immutable (`chattr +i`: open
 *   for writing fails, SQLite opens it read-only and refuses writes with SQLITE_READONLY); otherwise
 *   chmod 0444.
 *   tinyFilesystem: a tmpfs of a few MB mounted for the test (needs root and mount(2); where that is
 *   not allowed the caller skips and says why), filled to the last byte on demand.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim() };
}

/** Makes `file` read-only for this process; returns the undo. */
export async function readOnlyFile(file: string): Promise<() => Promise<void>> {
  if (isRoot()) {
    const r = run('chattr', ['+i', file]);
    if (!r.ok) throw new Error(`chattr +i ${file} failed (needed to make a file read-only for root): ${r.out}`);
    return async () => {
      run('chattr', ['-i', file]);
    };
  }
  const { mode } = await fs.stat(file);
  await fs.chmod(file, 0o444);
  return () => fs.chmod(file, mode);
}

export interface TinyFilesystem {
  dir: string;
  /** Writes a filler file until the filesystem has no byte left. */
  fill(): Promise<void>;
  /** Removes the filler (space again). */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

/**
 * Why a small filesystem cannot be mounted here (undefined when it can), probed once when the test file
 * loads so a test can register itself as skipped (`it.skip`, counted and shown by jest) instead of
 * passing without checking anything.
 */
export const tinyFilesystemUnavailable: string | undefined = (() => {
  if (!isRoot()) return 'not root: mounting a small tmpfs needs root';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ntm-tinyfs-probe-'));
  try {
    const m = run('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    if (!m.ok) return `mount -t tmpfs refused here: ${m.out}`;
    run('umount', [dir]);
    return undefined;
  } finally {
    spawnSync('rmdir', [dir]);
  }
})();

/** A tmpfs of `megabytes` MB, or the reason there cannot be one here. */
export async function tinyFilesystem(megabytes: number, owner?: string): Promise<TinyFilesystem | { unavailable: string }> {
  if (!isRoot()) return { unavailable: 'not root: mounting a small tmpfs needs root' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ntm-tinyfs-'));
  const m = run('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0777`, 'tmpfs', dir]);
  if (!m.ok) {
    await fs.rm(dir, { recursive: true, force: true });
    return { unavailable: `mount -t tmpfs refused here: ${m.out}` };
  }
  if (owner) run('chown', [owner, dir]);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    async fill() {
      const h = await fs.open(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (;;) await h.write(chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      } finally {
        await h.close();
      }
      // The last partial chunk: byte by byte until nothing fits.
      const small = await fs.open(filler, 'a');
      try {
        for (;;) await small.write(Buffer.alloc(512));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      } finally {
        await small.close();
      }
    },
    async free() {
      await fs.rm(filler, { force: true });
    },
    async unmount() {
      const u = run('umount', [dir]);
      if (!u.ok) run('umount', ['-l', dir]);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
