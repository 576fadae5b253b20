/**
 * Dossier results as criteria marks (issue 13): what a dossier recorded becomes criteria status beside
 * the imported sheets, each mark with its provenance (dossier, level, person, role, time, document).
 * Pure: the projection activity writes these rows in the transaction that records the event.
 *
 * - `self_assessment.recorded` → a `self_assessment` mark of the criterion (the commune official).
 * - `criteria.verified` → a `verdict` mark per criterion at the level that verified (met unless the
 *   verification found it failing), attributed to the specialist who reviewed it there when known.
 * - `level.decided` → a `decision` mark per criterion at the deciding level: met unless the level's
 *   verification found it failing (a refusal without verification: not met), with the decision number.
 * Precedence between them and imports: marks.ts `pickMark`.
 */
import { instantFromIso, localDateOf } from '../calendar';
import type { DossierEvent, DossierState } from '../dossier';
import type { MarkSource } from './marks';

export interface DossierMarkRow {
  unitCode: string;
  setId: string;
  criterion: string;
  met: boolean;
  asOf: string;
  source: Exclude<MarkSource, 'import'>;
  /** The event id: with source, the row's identity (a retried event writes nothing twice). */
  sourceRef: string;
  dossierId: string;
  level: string;
  personId: string;
  role: string;
  /** ISO instant of the event. */
  at: string;
  document: string | null;
}

/** The marks an accepted event writes, given the machine state after it. */
export function dossierMarks(event: DossierEvent, after: DossierState): DossierMarkRow[] {
  const ctx = after.context;
  const input = ctx.input;
  const at = event.meta.at;
  const instant = instantFromIso(at);
  if (!instant.ok) return [];
  const asOf = localDateOf(instant.value);
  const base = {
    unitCode: input.unitCode,
    setId: input.criteriaSetId,
    asOf,
    sourceRef: event.meta.eventId,
    dossierId: input.dossierId,
    at,
  };
  switch (event.type) {
    case 'self_assessment.recorded':
      return [
        {
          ...base,
          criterion: event.criterion,
          met: event.met,
          source: 'self_assessment',
          level: 'commune',
          personId: event.meta.actor.id,
          role: event.meta.actor.role,
          document: event.evidence[0]?.number ?? null,
        },
      ];
    case 'criteria.verified': {
      const level = input.levels[ctx.levelIndex];
      if (!level) return [];
      const failing = new Set(event.failing.map((f) => f.criterion));
      return input.criteria.map((criterion) => {
        const review = Object.entries(ctx.reviews).find(([k]) => k.startsWith(`${criterion}|`))?.[1];
        return {
          ...base,
          criterion,
          met: !failing.has(criterion),
          source: 'verdict' as const,
          level: level.level,
          personId: review?.by ?? event.meta.actor.id,
          role: review?.role ?? event.meta.actor.role,
          document: null,
        };
      });
    }
    case 'level.decided': {
      const level = input.levels[input.levels.length - 1]!;
      // A decision holds from its own date (the date it bears, never later than when it was recorded), as
      // the pipeline report's recognition date does: a 2024 decision entered later is a 2024 result.
      const decidedOn = /^\d{4}-\d{2}-\d{2}$/.test(event.date) && event.date <= asOf ? event.date : asOf;
      const failing = new Set((ctx.verification?.failing ?? []).map((f) => f.criterion));
      const recognised = event.outcome === 'recognised';
      return input.criteria.map((criterion) => ({
        ...base,
        asOf: decidedOn,
        criterion,
        met: ctx.verification ? !failing.has(criterion) : recognised,
        source: 'decision' as const,
        level: level.level,
        personId: event.meta.actor.id,
        role: event.meta.actor.role,
        document: `${event.number} (${event.date.slice(8, 10)}/${event.date.slice(5, 7)}/${event.date.slice(0, 4)}, ${event.signer})`,
      }));
    }
    default:
      return [];
  }
}
