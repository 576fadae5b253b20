/** Administrative units from the database, as the domain types them (one loader for every caller). */
import { UnitKindSchema, UnitLevelSchema, type Unit, type UnitLink } from '../domain/units';
import type { Db } from '../prisma/db';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Every unit of every period (validity, kind and sourced succession links included). Callers that
 * need the units of a day filter with `unitsAt(units, date)` (domain/units).
 */
export async function loadUnits(db: Db | Tx, only?: { levels?: readonly string[]; codes?: readonly string[] }): Promise<Unit[]> {
  // `only`: the units of these levels and/or codes (a report's provinces and districts, not 100,000 villages).
  const where = only
    ? { OR: [...(only.levels ? [{ level: { in: [...only.levels] } }] : []), ...(only.codes ? [{ code: { in: [...new Set(only.codes)] } }] : [])] }
    : undefined;
  const rows = await db.unit.findMany({ ...(where ? { where } : {}), orderBy: [{ gsoCode: 'asc' }, { code: 'asc' }] });
  const links = await db.unitLink.findMany({
    ...(where ? { where: { unitCode: { in: rows.map((r) => r.code) } } } : {}),
    orderBy: [{ unitCode: 'asc' }, { position: 'asc' }, { predecessorCode: 'asc' }],
  });
  const byUnit = new Map<string, UnitLink[]>();
  for (const l of links)
    byUnit.set(l.unitCode, [...(byUnit.get(l.unitCode) ?? []), { code: l.predecessorCode, source: l.source, ...(l.note ? { note: l.note } : {}) }]);
  const out: Unit[] = [];
  for (const r of rows) {
    const level = UnitLevelSchema.safeParse(r.level);
    if (!level.success) continue;
    const kind = r.kind ? UnitKindSchema.safeParse(r.kind) : undefined;
    const predecessors = byUnit.get(r.code);
    out.push({
      code: r.code,
      level: level.data,
      name: r.name,
      parentCode: r.parentCode,
      ...(kind?.success ? { kind: kind.data } : {}),
      ...(r.gsoCode ? { gsoCode: r.gsoCode } : {}),
      ...(r.communeGroup === 1 || r.communeGroup === 2 || r.communeGroup === 3 ? { communeGroup: r.communeGroup } : {}),
      ...(r.validFrom && ISO.test(r.validFrom) ? { validFrom: r.validFrom } : {}),
      ...(r.validTo && ISO.test(r.validTo) ? { validTo: r.validTo } : {}),
      ...(r.validitySource ? { validitySource: r.validitySource } : {}),
      ...(predecessors ? { predecessors } : {}),
      ...(r.predecessorsComplete ? { predecessorsComplete: true } : {}),
    });
  }
  return out;
}

/** The Unit row's columns for a domain unit (create and update alike). */
export function unitRow(u: Unit) {
  return {
    level: u.level,
    name: u.name,
    parentCode: u.parentCode,
    communeGroup: u.communeGroup ?? null,
    gsoCode: u.gsoCode ?? null,
    validFrom: u.validFrom ?? null,
    validTo: u.validTo ?? null,
    validitySource: u.validitySource ?? null,
    kind: u.kind ?? null,
    predecessorsComplete: u.predecessorsComplete ?? false,
  };
}

/**
 * Writes units (parents first, so the tree's foreign keys hold) and their succession links.
 * `mode: 'insert-missing'` leaves units that exist as they are, only filling validity columns they
 * lack (the seed, idempotent);
 * `'upsert'` rewrites them (an accepted import). Links of a written unit are replaced by its list.
 * The database keeps one row per code: a unit list whose code recurs in several versions is refused
 * by the caller before it gets here.
 */
export async function writeUnits(tx: Db | Tx, units: readonly Unit[], mode: 'insert-missing' | 'upsert'): Promise<{ written: number; links: number }> {
  const depth = (u: Unit) => u.code.split('/').length;
  const ordered = [...units].sort((a, b) => depth(a) - depth(b));
  let written = 0;
  let links = 0;
  for (const u of ordered) {
    const exists = await tx.unit.findUnique({ where: { code: u.code } });
    if (exists && mode === 'insert-missing') {
      // A database seeded before units had periods: fill the validity the row lacks, change nothing else.
      const fill = {
        ...(exists.validFrom === null && u.validFrom ? { validFrom: u.validFrom } : {}),
        ...(exists.validTo === null && u.validTo ? { validTo: u.validTo } : {}),
        ...(exists.validitySource === null && u.validitySource ? { validitySource: u.validitySource } : {}),
        ...(exists.kind === null && u.kind ? { kind: u.kind } : {}),
      };
      if (Object.keys(fill).length > 0) await tx.unit.update({ where: { code: u.code }, data: fill });
      continue;
    }
    if (exists) await tx.unit.update({ where: { code: u.code }, data: unitRow(u) });
    else await tx.unit.create({ data: { code: u.code, ...unitRow(u) } });
    written++;
  }
  for (const u of ordered) {
    if (u.predecessors === undefined) continue;
    if (mode === 'insert-missing' && (await tx.unitLink.count({ where: { unitCode: u.code } })) > 0) continue;
    await tx.unitLink.deleteMany({ where: { unitCode: u.code } });
    for (const [position, l] of u.predecessors.entries()) {
      await tx.unitLink.create({ data: { unitCode: u.code, predecessorCode: l.code, source: l.source, note: l.note ?? null, position } });
      links++;
    }
  }
  return { written, links };
}

/** Names of units by code (display only). */
/** The administrative level of each known unit among `codes` ('province' | 'district' | 'commune' | 'village'). */
export async function unitLevels(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.unit.findMany({ where: { code: { in: [...new Set(codes)] } }, select: { code: true, level: true } });
  return new Map(rows.map((r) => [r.code, r.level]));
}

export async function unitNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.unit.findMany({ where: { code: { in: [...new Set(codes)] } }, select: { code: true, name: true } });
  return new Map(rows.map((r) => [r.code, r.name]));
}
