import { z } from 'zod';
import { LocalDateSchema, formatVnDate, type LocalDate } from '../calendar/dates';
import { PipelineModeSchema, UnitCodeSchema, type PipelineMode } from '../calendar/plan';
import { ReminderPolicySchema } from '../calendar/reminders';
import { DepartmentCodeSchema, findDepartment } from '../departments';
import { RoleSchema } from '../dossier/types';
import { domainError, err, ok, type DomainError, type Result } from '../errors';

/**
 * Periodic reporting obligations (chế độ báo cáo định kỳ) as data: who reports what to whom, how
 * often, from when (and until when), in which world (three-tier or two-tier), by which due-date rule,
 * with which reminders and which escalation.
 *
 * Seed 001 (UBND huyện Tam Đường, 2023) is the model: "báo cáo kết quả thực hiện đột xuất và định kỳ
 * hàng quý, 6 tháng, 9 tháng và năm về cơ quan thường trực Phòng Nông nghiệp & PTNT huyện" — one
 * obligation with four cadences — and "báo cáo UBND huyện tiến độ thực hiện trước ngày 30 hàng tháng".
 *
 * `validateObligation` checks the shape with zod and then the rules with their own codes, collecting
 * every fault (the returned error is the first; `details.faults` lists all, each with its path):
 *   OBLIGATION.INVALID              shape (a missing or mistyped field), with the zod message
 *   OBLIGATION.NO_RECEIVER          nobody to report to
 *   OBLIGATION.NO_CADENCE           no cadence (allowed only for an ad hoc obligation)
 *   OBLIGATION.DUPLICATE_CADENCE    the same period kind twice
 *   OBLIGATION.DUE_DAY_OUT_OF_RANGE a day-of-month rule outside 1-31 (0 and 32 are refused)
 *   OBLIGATION.VALID_TO_BEFORE_FROM validTo before validFrom
 *   OBLIGATION.DISTRICT_IN_TWO_TIER a district party in an obligation of the two-tier world
 *   OBLIGATION.SELF_REPORT          reporter and receiver are the same party
 * and warns (the obligation is valid) with
 *   OBLIGATION.DUE_DAY_CLAMPED      day 29-31: in shorter months the due date is the month's last day.
 */

// ---- parties -------------------------------------------------------------------------------

/**
 * A reporting or receiving party. District departments are the `departments.ts` codes; a unit set is
 * "every commune (or village) below `within`"; a role names an office by the role its officials hold
 * (the district coordination office is `district_office`, UBND huyện is `district_chair`).
 */
export const PartySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('departments'), codes: z.array(DepartmentCodeSchema).min(1), unitCode: UnitCodeSchema }).strict(),
  z.object({ kind: z.literal('unit'), unitCode: UnitCodeSchema }).strict(),
  z.object({ kind: z.literal('units'), level: z.enum(['commune', 'village']), within: UnitCodeSchema }).strict(),
  z.object({ kind: z.literal('role'), role: RoleSchema, unitCode: UnitCodeSchema, labelVi: z.string().min(1), labelEn: z.string().min(1) }).strict(),
]);
export type Party = z.infer<typeof PartySchema>;

// ---- cadences and due rules ----------------------------------------------------------------

/** month `2026-03`, quarter `2026-Q1`, half-year `2026-H1` (6 tháng đầu năm), nine-months `2026-9M`, year `2026-Y`. */
export const PeriodKindSchema = z.enum(['month', 'quarter', 'half-year', 'nine-months', 'year']);
export type PeriodKind = z.infer<typeof PeriodKindSchema>;

export const PERIOD_KIND_LABELS: Readonly<Record<PeriodKind, { vi: string; en: string }>> = {
  month: { vi: 'hàng tháng', en: 'monthly' },
  quarter: { vi: 'hàng quý', en: 'quarterly' },
  'half-year': { vi: '6 tháng', en: 'six-monthly (first half)' },
  'nine-months': { vi: '9 tháng', en: 'nine-monthly' },
  year: { vi: 'năm', en: 'yearly' },
};

/**
 * When a period's report is due.
 * - `day-of-month`: that day of the period's last month (`month: 'period-last'`: "trước ngày 30
 *   hàng tháng") or of the month after (`'next'`). Day 29-31 in a shorter month → the month's last day.
 * - `working-days-after-end`: the n-th working day after the period's last day (holidays, Tết and
 *   weekends of the holiday calendar skipped; the last day itself not counted).
 * - `calendar-days-after-end`: n calendar days after the last day (0 = the last day).
 * `offDay` moves a calendar-day due date that falls on a weekend or holiday (`keep` leaves it).
 * `sourced: false` marks a rule no source gave (a configurable placeholder).
 */
export const DueRuleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('day-of-month'),
      /** 1-31; checked by the validator with its own code (0 and 32 refused, 29-31 warned). */
      day: z.int(),
      month: z.enum(['period-last', 'next']).default('period-last'),
      offDay: z.enum(['keep', 'previous-working-day', 'next-working-day']).default('keep'),
      sourced: z.boolean(),
    })
    .strict(),
  z.object({ kind: z.literal('working-days-after-end'), days: z.int().min(1).max(90), sourced: z.boolean() }).strict(),
  z
    .object({
      kind: z.literal('calendar-days-after-end'),
      days: z.int().min(0).max(90),
      offDay: z.enum(['keep', 'previous-working-day', 'next-working-day']).default('keep'),
      sourced: z.boolean(),
    })
    .strict(),
]);
export type DueRule = z.infer<typeof DueRuleSchema>;

/**
 * From when a period's report may be submitted: `offsetDays` (≤ 0) from the period's first day
 * (`period-start`) or from its last day (`period-end`). Before that, a submission is for a period that
 * is not yet open and is refused. A monthly progress report due in the month itself opens at the
 * period's start; a results report opens on the period's last day.
 */
export const OpensRuleSchema = z
  .object({
    anchor: z.enum(['period-start', 'period-end']),
    offsetDays: z.int().min(-366).max(0).default(0),
  })
  .strict();
export type OpensRule = z.infer<typeof OpensRuleSchema>;

export const CadenceSchema = z
  .object({
    period: PeriodKindSchema,
    due: DueRuleSchema,
    opens: OpensRuleSchema.default({ anchor: 'period-end', offsetDays: 0 }),
  })
  .strict();
export type Cadence = z.infer<typeof CadenceSchema>;

// ---- the obligation ------------------------------------------------------------------------

export const ObligationSourceSchema = z
  .object({
    /** The seed file (or document number) the obligation comes from. */
    document: z.string().min(1),
    /** The exact source line, quoted. */
    quote: z.string().min(1),
    /** `verbatim`: the text says it; `interpreted`: our reading of a less explicit text (see note). */
    reading: z.enum(['verbatim', 'interpreted']),
    noteVi: z.string().min(1).optional(),
    noteEn: z.string().min(1).optional(),
  })
  .strict();

export const EscalationSchema = z
  .object({
    /** Days after the due date (the reminder policy's day counting) when an unsent report escalates. */
    afterDaysOverdue: z.int().min(1).max(366),
    to: PartySchema,
  })
  .strict();

const ObligationShape = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'Mã nghĩa vụ chỉ gồm a-z, 0-9, ".", "_", "-" (id: lowercase letters, digits, . _ -)'),
    /** The unit whose authority set the obligation (the district or province), a domain/units slug. */
    ownerUnitCode: UnitCodeSchema,
    titleVi: z.string().min(1),
    titleEn: z.string().min(1),
    /** What the report contains, as the source says it. */
    contentVi: z.string().min(1),
    reporter: PartySchema,
    /** Required: checked by the validator as OBLIGATION.NO_RECEIVER. */
    receiver: PartySchema.optional(),
    /** Several cadences in one obligation: "hàng quý, 6 tháng, 9 tháng và năm". */
    cadences: z.array(CadenceSchema),
    /**
     * Periods ending on the same day (Q2 and 6 months, Q3 and 9 months, Q4 and the year) are one report
     * (`merge`: the longer period, which `covers` the shorter) or two (`separate`).
     */
    coinciding: z.enum(['merge', 'separate']).default('merge'),
    /**
     * Reports outside the cadence are also expected ("đột xuất"); they have no period and no due date.
     * An ad hoc obligation may have no cadence at all ("nếu có vướng mắc ... báo cáo", seed 002).
     */
    adHoc: z.boolean().default(false),
    validFrom: LocalDateSchema,
    validTo: LocalDateSchema.optional(),
    /** The worlds the obligation exists in. */
    pipelines: z.array(PipelineModeSchema).min(1),
    /** The reminder schedule per period (domain/calendar/reminders); escalation comes from `escalation`. */
    reminderPolicy: ReminderPolicySchema.default(ReminderPolicySchema.parse({})),
    escalation: EscalationSchema.nullable().default(null),
    source: ObligationSourceSchema,
  })
  .strict();

export type ObligationInput = z.input<typeof ObligationShape>;
type Parsed = z.infer<typeof ObligationShape>;
export type Obligation = Omit<Parsed, 'receiver'> & { readonly receiver: Party };

export interface ValidObligation {
  readonly obligation: Obligation;
  readonly warnings: readonly DomainError[];
}

const DISTRICT_ROLES = new Set(['district_specialist', 'district_office', 'district_chair']);

function isDistrictParty(p: Party): boolean {
  return p.kind === 'departments' || (p.kind === 'role' && DISTRICT_ROLES.has(p.role));
}

function sameParty(a: Party, b: Party): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A party in one line, for messages and the UI. */
export function describeParty(p: Party): { vi: string; en: string } {
  switch (p.kind) {
    case 'departments':
      return { vi: `các phòng, ban ${p.codes.join(', ')} (${p.unitCode})`, en: `departments ${p.codes.join(', ')} (${p.unitCode})` };
    case 'unit':
      return { vi: `đơn vị ${p.unitCode}`, en: `unit ${p.unitCode}` };
    case 'units':
      return p.level === 'commune'
        ? { vi: `các xã thuộc ${p.within}`, en: `every commune of ${p.within}` }
        : { vi: `các thôn, bản thuộc ${p.within}`, en: `every village of ${p.within}` };
    case 'role':
      return { vi: p.labelVi, en: p.labelEn };
  }
}

/**
 * A party as people read it: departments by their names, a role by its label; units by their codes
 * (their names live in the database — the app layer names them).
 */
export function partyLabel(p: Party): { vi: string; en: string } {
  if (p.kind !== 'departments') return describeParty(p);
  const ds = p.codes.map((c) => findDepartment(c));
  return { vi: ds.map((d, i) => d?.nameVi ?? p.codes[i]).join(', '), en: ds.map((d, i) => d?.nameEn ?? p.codes[i]).join(', ') };
}

const MONTHS_BY_LENGTH: Readonly<Record<number, { vi: string; en: string }>> = {
  29: { vi: 'tháng 2 năm không nhuận', en: 'February of a common year' },
  30: { vi: 'tháng 2', en: 'February' },
  31: { vi: 'tháng 2 và các tháng 30 ngày (4, 6, 9, 11)', en: 'February and the 30-day months (April, June, September, November)' },
};

/**
 * Validates an obligation. All faults are collected; the error is the first of them with the others
 * in `details.faults`. Warnings (the obligation is valid) come with the value.
 */
export function validateObligation(input: unknown): Result<ValidObligation> {
  const shape = ObligationShape.safeParse(input);
  if (!shape.success) {
    const receiverNull = typeof input === 'object' && input !== null && (input as { receiver?: unknown }).receiver === null;
    const faults = shape.error.issues.slice(0, 20).map((i) => {
      const path = i.path.map(String).join('.') || '(root)';
      if (path === 'receiver' && receiverNull) return noReceiver();
      return domainError('OBLIGATION.INVALID', `Nghĩa vụ báo cáo không hợp lệ tại "${path}": ${i.message}`, `Invalid obligation at "${path}": ${i.message}`, {
        path,
      });
    });
    return fail(faults);
  }
  const o = shape.data;
  const faults: DomainError[] = [];
  const warnings: DomainError[] = [];

  if (o.receiver === undefined) faults.push(noReceiver());
  if (o.cadences.length === 0 && !o.adHoc) {
    faults.push(
      domainError(
        'OBLIGATION.NO_CADENCE',
        'Nghĩa vụ báo cáo phải có ít nhất một kỳ báo cáo (hàng tháng, quý, 6 tháng, 9 tháng, năm) hoặc là báo cáo đột xuất',
        'An obligation needs at least one cadence (monthly, quarterly, 6 months, 9 months, yearly) or must be ad hoc',
        { path: 'cadences' },
      ),
    );
  }
  const seen = new Map<PeriodKind, number>();
  o.cadences.forEach((c, i) => {
    const prev = seen.get(c.period);
    if (prev !== undefined) {
      faults.push(
        domainError(
          'OBLIGATION.DUPLICATE_CADENCE',
          `Kỳ báo cáo "${PERIOD_KIND_LABELS[c.period].vi}" khai báo hai lần (cadences.${prev} và cadences.${i})`,
          `Cadence "${PERIOD_KIND_LABELS[c.period].en}" is declared twice (cadences.${prev} and cadences.${i})`,
          { path: `cadences.${i}.period` },
        ),
      );
    } else seen.set(c.period, i);

    if (c.due.kind === 'day-of-month') {
      const day = c.due.day;
      const path = `cadences.${i}.due.day`;
      if (day < 1 || day > 31) {
        faults.push(
          domainError(
            'OBLIGATION.DUE_DAY_OUT_OF_RANGE',
            `Hạn báo cáo ngày ${day} hàng tháng không tồn tại: ngày phải từ 1 đến 31`,
            `Due day ${day} of the month does not exist: it must be 1 to 31`,
            { path, details: { day } },
          ),
        );
      } else if (day >= 29) {
        const months = MONTHS_BY_LENGTH[day]!;
        warnings.push(
          domainError(
            'OBLIGATION.DUE_DAY_CLAMPED',
            `Hạn ngày ${day} hàng tháng: trong ${months.vi} hạn là ngày cuối cùng của tháng`,
            `Due on day ${day} of each month: in ${months.en} the due date is the month's last day`,
            { path, details: { day } },
          ),
        );
      }
    }
  });

  if (o.validTo !== undefined && o.validTo < o.validFrom) {
    faults.push(
      domainError(
        'OBLIGATION.VALID_TO_BEFORE_FROM',
        `Ngày hết hiệu lực ${formatVnDate(o.validTo)} trước ngày bắt đầu ${formatVnDate(o.validFrom)}`,
        `validTo ${formatVnDate(o.validTo)} is before validFrom ${formatVnDate(o.validFrom)}`,
        { path: 'validTo', details: { validFrom: o.validFrom, validTo: o.validTo } },
      ),
    );
  }

  if (o.pipelines.includes('commune-province')) {
    const parties: [string, Party | undefined][] = [
      ['reporter', o.reporter],
      ['receiver', o.receiver],
      ['escalation.to', o.escalation?.to],
    ];
    for (const [path, p] of parties) {
      if (p && isDistrictParty(p)) {
        faults.push(
          domainError(
            'OBLIGATION.DISTRICT_IN_TWO_TIER',
            `"${describeParty(p).vi}" là cấp huyện, không có trong mô hình hai cấp (xã → tỉnh)`,
            `"${describeParty(p).en}" is a district party; the two-tier world (commune → province) has none`,
            { path },
          ),
        );
      }
    }
  }
  if (o.receiver !== undefined && sameParty(o.reporter, o.receiver)) {
    faults.push(
      domainError('OBLIGATION.SELF_REPORT', 'Đơn vị báo cáo và đơn vị nhận báo cáo trùng nhau', 'The reporter and the receiver are the same party', {
        path: 'receiver',
      }),
    );
  }

  if (faults.length > 0 || o.receiver === undefined) return fail(faults);
  return ok({ obligation: { ...o, receiver: o.receiver }, warnings });
}

function noReceiver(): DomainError {
  return domainError(
    'OBLIGATION.NO_RECEIVER',
    'Nghĩa vụ báo cáo chưa có nơi nhận báo cáo (cơ quan, đơn vị nhận)',
    'The obligation has no receiver (the office the report goes to)',
    { path: 'receiver' },
  );
}

function fail(faults: DomainError[]): Result<never> {
  const first = faults[0]!;
  return err({ ...first, details: { ...(first.details ?? {}), faults } });
}

/** Whether the obligation exists in a world (three-tier `commune-district-province`, two-tier `commune-province`). */
export function inWorld(o: Pick<Obligation, 'pipelines'>, mode: PipelineMode): boolean {
  return o.pipelines.includes(mode);
}

/** Whether the obligation is in force on `date`. */
export function inForce(o: Pick<Obligation, 'validFrom' | 'validTo'>, date: LocalDate): boolean {
  return date >= o.validFrom && (o.validTo === undefined || date <= o.validTo);
}
