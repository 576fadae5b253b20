/**
 * What the signed-in person may do on a dossier now, and turning a submitted form into a Command.
 *
 * Offered = the events the stage accepts (domain acceptedEvents) ∩ what authorization allows this person
 * (domain/access resolveActor, with the dossier's current level and reviewer slots). Review forms are
 * offered per criterion the person's department still has to review. For actions without parameters
 * (submit, approve, forward), the machine's own rule is asked as well, so a button that would be refused
 * is shown with the reason instead.
 *
 * Forms are parsed into the same CommandSchema the JSON API validates with; field errors come back in
 * Vietnamese (zod's Vietnamese locale) and English, keyed by the form field they belong to.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { COMMAND_ACTIONS, resolveActor, type Principal } from '../../domain/access';
import { parseVnDate } from '../../domain/calendar';
import {
  acceptedEvents,
  accessView,
  CommandSchema,
  explainRefusal,
  statusOf,
  type Command,
  type CommandType,
  type DossierEvent,
  type DossierState,
} from '../../domain/dossier';
import type { DomainError } from '../../domain/errors';

export interface OfferedAction {
  type: CommandType;
  /** criterion.reviewed: the criteria this person's department still has to review here. */
  criteria?: string[];
  /** When the machine would refuse it now: why (the form is not shown). */
  blocked?: DomainError;
}

/** Batches have pages of their own (api/ui/office.ts: the checklist and the review page), not forms here. */
const BATCHES: readonly CommandType[] = ['self_assessment.batch', 'review.batch'];

const PARAMETERLESS: readonly CommandType[] = ['commune.submitted', 'commune.resubmitted', 'level.approved', 'level.forwarded'];

export function offeredActions(principal: Principal, state: DossierState, now: Date): OfferedAction[] {
  const at = now.toISOString();
  const view = accessView(state);
  const accepted = new Set<string>(acceptedEvents(state.value));
  const out: OfferedAction[] = [];
  for (const type of COMMAND_ACTIONS) {
    if (!accepted.has(type) || BATCHES.includes(type)) continue;
    if (type === 'criterion.reviewed') {
      const criteria = statusOf(state)
        .pendingReviews.filter((slot) => {
          const actor = resolveActor(principal, { action: type, at, dossier: view, criterion: slot.criterion });
          return actor.ok && actor.value.department === slot.department;
        })
        .map((s) => s.criterion);
      if (criteria.length > 0) out.push({ type, criteria: [...new Set(criteria)] });
      continue;
    }
    const actor = resolveActor(principal, { action: type, at, dossier: view });
    if (!actor.ok) continue;
    const offered: OfferedAction = { type };
    if (PARAMETERLESS.includes(type)) {
      const probe = { type, documents: [], meta: { eventId: 'probe', at, actor: actor.value } } as DossierEvent;
      const why = explainRefusal(state, probe);
      if (why) offered.blocked = why;
    }
    out.push(offered);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Forms → Command
// ---------------------------------------------------------------------------------------------------

export type FormBody = Record<string, string | string[] | undefined>;

export interface FieldError {
  /** The form field the message belongs to ('' for the form as a whole). */
  field: string;
  vi: string;
  en: string;
}

export type Parsed = { ok: true; command: Command; requestId?: string } | { ok: false; errors: FieldError[] };

const one = (b: FormBody, k: string): string => {
  const v = b[k];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};
const many = (b: FormBody, k: string): string[] => {
  const v = b[k];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim());
};
const lines = (s: string): string[] =>
  s
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** A number as officials type it: "96,4" or "96.4"; empty stays empty (the schema then names the field). */
function num(s: string): number | string {
  if (s === '') return s;
  const n = Number(s.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : s;
}

/** dd/mm/yyyy (or yyyy-mm-dd) → yyyy-mm-dd; a bad date is reported on its field. */
function date(field: string, s: string, errors: FieldError[]): string {
  if (s === '') return s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const r = parseVnDate(s);
  if (r.ok) return r.value;
  errors.push({ field, vi: r.error.messageVi, en: r.error.messageEn });
  return s;
}

/** The optional document reference block (number, date, issuer) shared by most forms. */
function documents(b: FormBody, errors: FieldError[]): unknown[] {
  const number = one(b, 'docNumber');
  const d = one(b, 'docDate');
  const issuer = one(b, 'docIssuer');
  if (!number && !d && !issuer) return [];
  return [{ number, date: date('docDate', d, errors), issuer }];
}

/** zod path → form field name. */
function fieldOf(type: string, path: PropertyKey[]): string {
  const [head, idx, sub] = path.map(String);
  if (head === 'documents' || head === 'evidence') return sub === 'date' ? 'docDate' : sub === 'issuer' ? 'docIssuer' : 'docNumber';
  if (head === 'reasons' && type === 'level.returned') return sub === 'criterion' ? `reasonCriterion` : 'reasonText';
  if (head === 'members') return 'members';
  void idx;
  return head ?? '';
}

const viLocale = z.locales.vi().localeError;
const enLocale = z.locales.en().localeError;

export function formToCommand(type: string, b: FormBody): Parsed {
  const errors: FieldError[] = [];
  const docs = documents(b, errors);
  const comment = one(b, 'comment') || undefined;
  let candidate: Record<string, unknown>;
  switch (type) {
    case 'self_assessment.recorded':
      candidate = {
        type,
        criterion: one(b, 'criterion'),
        met: one(b, 'met') === 'true' ? true : one(b, 'met') === 'false' ? false : undefined,
        evidence: docs,
        comment,
      };
      break;
    case 'consultation.recorded':
      candidate = { type, participants: num(one(b, 'participants')), satisfactionPct: num(one(b, 'satisfactionPct')), evidence: docs, comment };
      break;
    case 'criterion.reviewed':
      candidate = { type, criterion: one(b, 'criterion'), verdict: one(b, 'verdict') || undefined, comment, documents: docs };
      break;
    case 'level.returned': {
      const crit = many(b, 'reasonCriterion');
      const text = many(b, 'reasonText');
      const reasons = crit.map((c, i) => ({ criterion: c, reason: text[i] ?? '' })).filter((r) => r.criterion !== '' || r.reason !== '');
      candidate = { type, reasons, documents: docs };
      break;
    }
    case 'council.voted': {
      const names = lines(one(b, 'members'));
      candidate = {
        type,
        members: names.map((name, i) => ({ id: `tv-${i + 1}`, name })),
        inFavour: num(one(b, 'inFavour')),
        against: num(one(b, 'against')),
        abstained: num(one(b, 'abstained')),
        documents: docs,
        comment,
      };
      break;
    }
    case 'decision.drafted':
    case 'level.decided':
    case 'recognition.revoked': {
      const stars = one(b, 'stars');
      candidate = {
        type,
        number: one(b, 'number'),
        date: date('date', one(b, 'date'), errors),
        signer: one(b, 'signer'),
        reasons: lines(one(b, 'reasons')),
        ...(type === 'recognition.revoked' ? {} : { outcome: one(b, 'outcome') || undefined, ...(stars ? { stars: num(stars) } : {}) }),
        ...(type === 'decision.drafted' ? {} : { documents: docs }),
      };
      break;
    }
    case 'maintenance.assessed':
      candidate = { type, flagged: one(b, 'flagged') === 'true', reasons: lines(one(b, 'reasons')), documents: docs };
      break;
    case 'commune.submitted':
    case 'commune.resubmitted':
    case 'level.approved':
    case 'level.forwarded':
      candidate = { type, documents: docs, comment };
      break;
    default:
      return { ok: false, errors: [{ field: 'type', vi: `Thao tác không hợp lệ: "${type}"`, en: `Unknown action "${type}"` }] };
  }
  if (errors.length > 0) return { ok: false, errors };
  const vi = CommandSchema.safeParse(candidate, { error: viLocale });
  if (!vi.success) {
    const en = CommandSchema.safeParse(candidate, { error: enLocale });
    const enIssues = en.success ? [] : en.error.issues;
    return {
      ok: false,
      errors: vi.error.issues.map((issue, i) => ({ field: fieldOf(type, issue.path), vi: issue.message, en: enIssues[i]?.message ?? issue.message })),
    };
  }
  const requestId = one(b, 'requestId');
  return { ok: true, command: vi.data, ...(requestId.length >= 8 ? { requestId } : {}) };
}

/** A fresh request id per rendered form: a double-click sends the same id, and Temporal runs the Update once. */
export const newRequestId = (): string => randomUUID();
