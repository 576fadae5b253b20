/**
 * A dossier as it stood at a past instant (issue 13), rebuilt from its recorded events: the audit
 * records (each holds the event's type, payload and who/when) replayed through the dossier machine
 * from the dossier's input, exactly as the workflow applied them. Pure.
 *
 * The audit record keeps the actor's id, role and unit but not a specialist's department; a review's
 * department is the one whose slot for that criterion at the current level is still open (the machine
 * refuses a second review of a resolved slot, so this is the one the workflow accepted).
 */
import { formatVnDate, localDateOf } from '../calendar';
import { err, ok, type Result } from '../errors';
import { applyEvent, startDossier, unresolvedSlots, type DossierEvent, type DossierInput, type DossierState } from '../dossier';
import type { AuditRecordLike } from './index';

/** Records that are not machine events (the opening, the document store's uploads). */
const NOT_EVENTS = new Set(['dossier.started', 'document.uploaded', 'document.replaced', 'document.withdrawn']);

function departmentFor(state: DossierState, criterion: string | undefined): string | undefined {
  if (!criterion) return undefined;
  const open = unresolvedSlots(state.context).filter((s) => s.criterion === criterion && s.verdict === undefined);
  return open[0]?.department ?? unresolvedSlots(state.context).find((s) => s.criterion === criterion)?.department;
}

/** The machine event an audit record stands for, or undefined when it is not one. */
export function eventOfRecord(r: AuditRecordLike, state: DossierState): DossierEvent | undefined {
  if (NOT_EVENTS.has(r.action) || !r.after) return undefined;
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(r.after) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { toStage: _toStage, ...rest } = payload;
  const criterion =
    r.action === 'criterion.reviewed'
      ? (rest.criterion as string | undefined)
      : r.action === 'review.batch'
        ? ((rest.entries as { criterion?: string }[] | undefined)?.[0]?.criterion ?? undefined)
        : undefined;
  const department = r.action === 'criterion.reviewed' || r.action === 'review.batch' ? departmentFor(state, criterion) : undefined;
  return {
    ...rest,
    type: r.action,
    meta: {
      eventId: r.eventId,
      at: r.at,
      actor: {
        id: r.actorId,
        role: r.actorRole,
        unitCode: r.actorUnit ?? state.context.input.unitCode,
        ...(department ? { department } : {}),
        ...(r.onBehalfOf ? { onBehalfOf: r.onBehalfOf } : {}),
      },
    },
  } as unknown as DossierEvent;
}

export interface DossierAsOf {
  state: DossierState;
  /** Events applied, and records that could not be applied (should be none: reported, never hidden). */
  applied: number;
  skipped: { seq: number; action: string; code: string }[];
}

/**
 * Replays `records` (chain order) recorded at or before `until` (ms) onto the dossier's opening state.
 * `openedAt` (ms) is when the dossier was opened: before it, the dossier did not exist (an error result).
 */
export function dossierAsOf(input: DossierInput, records: readonly AuditRecordLike[], openedAt: number, until: number): Result<DossierAsOf> {
  if (until < openedAt) {
    const [day, opened] = [formatVnDate(localDateOf(until)), formatVnDate(localDateOf(openedAt))];
    return err({
      code: 'DOSSIER.NOT_YET_OPENED',
      messageVi: `Ngày ${day} hồ sơ chưa được mở (hồ sơ mở ngày ${opened})`,
      messageEn: `On ${day} the dossier had not been opened yet (it was opened on ${opened})`,
      path: 'asOf',
    });
  }
  const start = startDossier(input);
  if (!start.ok) return start;
  let state = start.value;
  let applied = 0;
  const skipped: DossierAsOf['skipped'] = [];
  for (const r of records) {
    if (Date.parse(r.at) > until) break;
    const e = eventOfRecord(r, state);
    if (!e) continue;
    const next = applyEvent(state, e);
    if (next.ok) {
      state = next.value;
      applied++;
    } else skipped.push({ seq: r.seq, action: r.action, code: next.error.code });
  }
  return ok({ state, applied, skipped });
}
