import type { Unit, UnitLink } from './schema';

/**
 * Units in time. Every unit may carry a validity period (ISO dates `validFrom`…`validTo`, inclusive,
 * either bound open) and the units it continues (`predecessors`, each link with its source). Dates
 * compare as strings (yyyy-mm-dd sorts as it reads). Nothing here reads a clock: the date is an
 * argument.
 */

export type IsoDate = string;

/** Whether the unit exists on the date (bounds inclusive; an absent bound is open). */
export function isValidAt(unit: Pick<Unit, 'validFrom' | 'validTo'>, date: IsoDate): boolean {
  return (unit.validFrom === undefined || unit.validFrom <= date) && (unit.validTo === undefined || date <= unit.validTo);
}

/** The units valid on a date, in list order. */
export function unitsAt(units: readonly Unit[], date: IsoDate): Unit[] {
  return units.filter((u) => isValidAt(u, date));
}

/** The version of `code` valid on the date, if any. */
export function findUnitAt(units: readonly Unit[], code: string, date: IsoDate): Unit | undefined {
  return units.find((u) => u.code === code && isValidAt(u, date));
}

/** Whether two periods share at least one day. */
export function periodsOverlap(a: Pick<Unit, 'validFrom' | 'validTo'>, b: Pick<Unit, 'validFrom' | 'validTo'>): boolean {
  const aStartsAfterB = a.validFrom !== undefined && b.validTo !== undefined && a.validFrom > b.validTo;
  const bStartsAfterA = b.validFrom !== undefined && a.validTo !== undefined && b.validFrom > a.validTo;
  return !aStartsAfterB && !bStartsAfterA;
}

/** One step of a unit's history: the unit reached, how far away, and the link that reached it. */
export interface HistoryEntry {
  readonly unit: Unit;
  /** 1 = direct predecessor / successor, 2 = its own, … */
  readonly depth: number;
  /** The code of the unit on the near side of the link. */
  readonly via: string;
  /** The link's source (always present: links are never guessed). */
  readonly source: string;
  readonly note?: string;
}

/** The version of `code` that a link from `from` points at: the latest one ending before `from` begins. */
function linkedVersion(units: readonly Unit[], code: string, from: Unit): Unit | undefined {
  const versions = units.filter((u) => u.code === code);
  if (versions.length <= 1) return versions[0];
  const before = versions
    .filter((v) => from.validFrom === undefined || v.validTo === undefined || v.validTo < from.validFrom)
    .sort((a, b) => (b.validTo ?? '9999').localeCompare(a.validTo ?? '9999'));
  return before[0] ?? versions[0];
}

function versionsOf(units: readonly Unit[], code: string): Unit[] {
  return units.filter((u) => u.code === code);
}

/**
 * Everything a unit continues, transitively (a new commune's page: "formed from …, which were formed
 * from …"). Breadth first, each unit once; a cycle in bad data stops rather than loops. Only sourced
 * links exist, so an old unit with no successor here is one whose successor is not known.
 */
export function predecessorsOf(units: readonly Unit[], code: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  const seen = new Set<string>([code]);
  let frontier: { unit: Unit; depth: number }[] = versionsOf(units, code).map((unit) => ({ unit, depth: 0 }));
  while (frontier.length > 0) {
    const next: { unit: Unit; depth: number }[] = [];
    for (const { unit, depth } of frontier) {
      for (const link of unit.predecessors ?? []) {
        if (seen.has(link.code)) continue;
        const target = linkedVersion(units, link.code, unit);
        if (!target) continue;
        seen.add(link.code);
        out.push(entry(target, depth + 1, unit.code, link));
        next.push({ unit: target, depth: depth + 1 });
      }
    }
    frontier = next;
  }
  return out;
}

/** Every unit that continues this one, transitively ("became part of …"). Breadth first, each once. */
export function successorsOf(units: readonly Unit[], code: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  const seen = new Set<string>([code]);
  let frontier: { code: string; depth: number }[] = [{ code, depth: 0 }];
  while (frontier.length > 0) {
    const next: { code: string; depth: number }[] = [];
    for (const f of frontier) {
      for (const u of units) {
        if (seen.has(u.code)) continue;
        const link = (u.predecessors ?? []).find((l) => l.code === f.code);
        if (!link) continue;
        seen.add(u.code);
        out.push(entry(u, f.depth + 1, f.code, link));
        next.push({ code: u.code, depth: f.depth + 1 });
      }
    }
    frontier = next;
  }
  return out;
}

function entry(unit: Unit, depth: number, via: string, link: UnitLink): HistoryEntry {
  return { unit, depth, via, source: link.source, ...(link.note ? { note: link.note } : {}) };
}

/**
 * The first cycle in the succession graph (A continues B … continues A), as the list of codes around
 * it with the index of the unit and link that closes it; undefined when there is none.
 */
export function findSuccessionCycle(units: readonly Unit[]): { cycle: string[]; index: number; link: number } | undefined {
  const edges = new Map<string, { index: number; link: number; to: string }[]>();
  for (const [index, u] of units.entries()) {
    const list = edges.get(u.code) ?? [];
    for (const [link, l] of (u.predecessors ?? []).entries()) list.push({ index, link, to: l.code });
    edges.set(u.code, list);
  }
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (code: string): { cycle: string[]; index: number; link: number } | undefined => {
    state.set(code, 'open');
    stack.push(code);
    for (const e of edges.get(code) ?? []) {
      const s = state.get(e.to);
      if (s === 'open') return { cycle: [...stack.slice(stack.indexOf(e.to)), e.to], index: e.index, link: e.link };
      if (s === undefined && edges.has(e.to)) {
        const found = visit(e.to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(code, 'done');
    return undefined;
  };
  for (const code of edges.keys()) {
    if (state.get(code) === undefined) {
      const found = visit(code);
      if (found) return found;
    }
  }
  return undefined;
}
