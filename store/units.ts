/** Administrative units from the database, as the domain types them (one loader for every caller). */
import { UnitLevelSchema, type Unit } from '../domain/units';
import type { Db } from '../prisma/db';

export async function loadUnits(db: Db): Promise<Unit[]> {
  const rows = await db.unit.findMany({ orderBy: [{ gsoCode: 'asc' }, { code: 'asc' }] });
  const out: Unit[] = [];
  for (const r of rows) {
    const level = UnitLevelSchema.safeParse(r.level);
    if (!level.success) continue;
    out.push({
      code: r.code,
      level: level.data,
      name: r.name,
      parentCode: r.parentCode,
      ...(r.gsoCode ? { gsoCode: r.gsoCode } : {}),
      ...(r.communeGroup === 1 || r.communeGroup === 2 || r.communeGroup === 3 ? { communeGroup: r.communeGroup } : {}),
    });
  }
  return out;
}

/** Names of units by code (display only). */
export async function unitNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.unit.findMany({ where: { code: { in: [...new Set(codes)] } }, select: { code: true, name: true } });
  return new Map(rows.map((r) => [r.code, r.name]));
}
