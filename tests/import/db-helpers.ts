import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIEN_BIEN_UNITS } from '../../domain/units';
import type { Db } from '../../prisma/db';

/** The Unit table seeded from the Điện Biên reference data (parents before children). */
export async function seedDienBienUnits(db: Db): Promise<void> {
  await db.unit.createMany({
    data: DIEN_BIEN_UNITS.map((u) => ({ code: u.code, level: u.level, name: u.name, parentCode: u.parentCode, gsoCode: u.gsoCode ?? null })),
  });
}

export const CRITERIA = Array.from({ length: 19 }, (_, i) => String(i + 1));
export const HEADER = `district,commune,${CRITERIA.map((c) => `c${c}`).join(',')},total`;
export const FIXTURES = join(__dirname, '..', 'fixtures', 'import');

export function tempDir(prefix = 'ntm-import-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeTemp(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, 'utf8');
  return p;
}

export async function counts(db: Db): Promise<{ marks: number; batches: number }> {
  return { marks: await db.criteriaMark.count(), batches: await db.importBatch.count() };
}
