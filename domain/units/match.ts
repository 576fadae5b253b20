import { domainError, err, ok, type Result } from '../errors';
import { normalizeUnitName, unitNameKey } from './normalize';
import { unitsAt } from './history';
import type { Unit, UnitAlias } from './schema';

type Tier = 'exact' | 'alias-exact' | 'folded' | 'alias-folded';

export interface UnitMatch {
  readonly unit: Unit;
  /** How it matched: a caller may want to confirm anything weaker than `exact`. */
  readonly tier: Tier;
}

/**
 * Finds the one unit a written name refers to, among `candidates` (narrow them first: the communes of
 * one district, say). Tiers, strongest first: exact name (diacritics kept), exact alias, folded name,
 * folded alias. The first tier with any hit decides: one unit → it; several → `UNIT.AMBIGUOUS` with
 * them. Nothing in any tier → `UNIT.UNKNOWN`. It never guesses between units.
 */
export function matchUnitDetailed(name: string, candidates: readonly Unit[], aliases: readonly UnitAlias[] = []): Result<UnitMatch> {
  const byCode = new Map(candidates.map((u) => [u.code, u]));
  const exact = unitNameKey(name);
  const folded = normalizeUnitName(name);
  const tiers: [Tier, () => Unit[]][] = [
    ['exact', () => candidates.filter((u) => unitNameKey(u.name) === exact)],
    ['alias-exact', () => aliasHits(aliases, byCode, (a) => unitNameKey(a) === exact)],
    ['folded', () => candidates.filter((u) => normalizeUnitName(u.name) === folded)],
    ['alias-folded', () => aliasHits(aliases, byCode, (a) => normalizeUnitName(a) === folded)],
  ];
  for (const [tier, find] of tiers) {
    const hits = find();
    if (hits.length === 1) return ok({ unit: hits[0]!, tier });
    if (hits.length > 1) {
      return err(
        domainError(
          'UNIT.AMBIGUOUS',
          `Tên "${name}" khớp với nhiều đơn vị: ${hits.map((u) => `${u.name} (${u.code})`).join(', ')}`,
          `Name "${name}" matches several units: ${hits.map((u) => `${u.name} (${u.code})`).join(', ')}`,
          { details: { name, tier, candidates: hits.map((u) => ({ code: u.code, name: u.name, level: u.level })) } },
        ),
      );
    }
  }
  return err(
    domainError('UNIT.UNKNOWN', `Không tìm thấy đơn vị "${name}"`, `No unit named "${name}"`, {
      details: { name, normalized: folded },
    }),
  );
}

function aliasHits(aliases: readonly UnitAlias[], byCode: Map<string, Unit>, test: (alias: string) => boolean): Unit[] {
  const codes = new Set(aliases.filter((a) => byCode.has(a.code) && test(a.alias)).map((a) => a.code));
  return [...codes].map((c) => byCode.get(c)!);
}

/** `matchUnitDetailed` without the tier. */
export function matchUnit(name: string, candidates: readonly Unit[], aliases: readonly UnitAlias[] = []): Result<Unit> {
  const r = matchUnitDetailed(name, candidates, aliases);
  return r.ok ? ok(r.value.unit) : r;
}

export interface DatedUnitMatch extends UnitMatch {
  /** False when no unit valid on the date matched and an earlier or later version did. */
  readonly validAtDate: boolean;
}

/**
 * `matchUnitDetailed` for a date: the units valid on that date are tried first (so "Mường Nhé" in a
 * 2026 sheet is the commune formed on 1/7/2025, not the abolished district or old commune of that
 * name); only when none of them matches are the other candidates tried, and the hit says so
 * (`validAtDate: false`). Ambiguity among the units valid on the date is reported, never resolved.
 */
export function matchUnitAt(name: string, candidates: readonly Unit[], date: string, aliases: readonly UnitAlias[] = []): Result<DatedUnitMatch> {
  const current = unitsAt(candidates, date);
  const first = matchUnitDetailed(name, current, aliases);
  if (first.ok) return ok({ ...first.value, validAtDate: true });
  if (first.error.code !== 'UNIT.UNKNOWN') return first;
  const others = candidates.filter((u) => !current.includes(u));
  const second = matchUnitDetailed(name, others, aliases);
  if (second.ok) return ok({ ...second.value, validAtDate: false });
  if (second.error.code !== 'UNIT.UNKNOWN') return second;
  return err({ ...first.error, details: { ...(first.error.details ?? {}), date } });
}
