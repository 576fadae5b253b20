/**
 * The dossier's vocabulary: who acts, what they send, and what the machine keeps. zod schemas are the one
 * source of these types; the API, the workflow Update validators and the tests all parse with them.
 */
import { z } from 'zod';
import { CommuneGroupSchema, RegionCodeSchema } from '../criteria/schema';
import { TitleIdSchema, type TitleId } from '../titles';

export const ROLES = [
  'commune_official',
  // Two-tier government (from 1/7/2025): the commune people's committee chair, who recognises
  // villages, and the commune's department officials (domain/access.ts REFORM_ROLES).
  'commune_chair',
  'commune_specialist',
  'district_specialist',
  'district_office',
  'district_chair',
  'provincial_office',
  'provincial_specialist',
  'council_member',
  'provincial_chair',
  'inspector',
  'admin',
  'system',
] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

const nonEmpty = z.string().trim().min(1);
/** An instant as ISO-8601 with an offset (`2024-08-31T08:00:00.000Z`). */
export const InstantSchema = z.iso.datetime({ offset: true });
/** A calendar date `yyyy-mm-dd` (Asia/Ho_Chi_Minh). */
export const LocalDateSchema = z.iso.date();

/** The person acting, in the role and for the unit the action is taken in. */
export const ActorSchema = z.object({
  id: nonEmpty,
  role: RoleSchema,
  unitCode: nonEmpty,
  /** District or provincial department (for specialists): e.g. `TN_MT`. */
  department: nonEmpty.optional(),
  /** When acting under a delegation (ủy quyền): the person who delegated. */
  onBehalfOf: nonEmpty.optional(),
});
export type Actor = z.infer<typeof ActorSchema>;

/** What every event carries besides its payload: the audit record's who / when / which. */
export const EventMetaSchema = z.object({
  eventId: nonEmpty,
  at: InstantSchema,
  actor: ActorSchema,
});
export type EventMeta = z.infer<typeof EventMetaSchema>;

/** Reference to an official document (công văn, tờ trình, quyết định): number, date, issuer. */
export const DocumentRefSchema = z.object({
  number: nonEmpty.max(64),
  date: LocalDateSchema,
  issuer: nonEmpty.max(200),
  title: z.string().max(500).optional(),
});
export type DocumentRef = z.infer<typeof DocumentRefSchema>;

export const LEVELS = ['commune', 'district', 'province'] as const;
export const LevelNameSchema = z.enum(LEVELS);
export type LevelName = z.infer<typeof LevelNameSchema>;

/** One review assignment: this department checks this criterion at this level. */
export const ReviewerSlotSchema = z.object({ criterion: nonEmpty, department: nonEmpty });
export type ReviewerSlot = z.infer<typeof ReviewerSlotSchema>;

/** A level the dossier passes after the commune: who reviews, whether a council votes, whether it decides. */
export const LevelSpecSchema = z.object({
  level: LevelNameSchema,
  unitCode: nonEmpty,
  /** The level unit's name, for what people read (issue 13; optional so older histories replay). */
  unitName: nonEmpty.optional(),
  reviewers: z.array(ReviewerSlotSchema),
  council: z.boolean(),
  decides: z.boolean(),
});
export type LevelSpec = z.infer<typeof LevelSpecSchema>;

/** Titles come from the titles model (domain/titles.ts); a dossier is for one of them. */
export const TitleSchema = TitleIdSchema;
export type Title = TitleId;

export const DossierInputSchema = z
  .object({
    dossierId: nonEmpty,
    unitCode: nonEmpty,
    /** The unit's name, for what people read (issue 13; optional so older histories replay). */
    unitName: nonEmpty.optional(),
    /** The submitting unit's name when it is not the unit (a village's commune). */
    submitterUnitName: nonEmpty.optional(),
    title: TitleSchema,
    planYear: z.number().int().min(2010).max(2100),
    criteriaSetId: nonEmpty,
    /** The unit whose officials assess and submit (a village's dossier is put forward by its commune). Default: unitCode. */
    submitterUnitCode: nonEmpty.optional(),
    /** For an OCOP dossier: the product (a commune may put several products forward in a year). */
    product: z.object({ code: z.string().regex(/^[a-z0-9-]+$/), name: nonEmpty.max(200) }).optional(),
    /** Criterion codes of the set that the commune must self-assess (e.g. '1'…'19'). */
    criteria: z.array(nonEmpty).min(1),
    /** The levels after the commune, in order; the last one decides. */
    levels: z.array(LevelSpecSchema).min(1),
    /**
     * What verification needs to know of the unit, as it stood when the dossier was opened (filled by
     * `planDossier`): the titles it already holds (a `village.kieu-mau` dossier needs the village's
     * `village.dat-chuan`), its commune group (2026-2030 thresholds) and its region (2016-2025 thresholds).
     */
    heldTitles: z.array(TitleSchema).optional(),
    communeGroup: CommuneGroupSchema.optional(),
    region: RegionCodeSchema.optional(),
  })
  .superRefine((v, ctx) => {
    const last = v.levels.length - 1;
    v.levels.forEach((l, i) => {
      if (l.decides !== (i === last)) {
        ctx.addIssue({ code: 'custom', path: ['levels', i, 'decides'], message: 'only the last level decides' });
      }
      l.reviewers.forEach((r, j) => {
        if (!v.criteria.includes(r.criterion)) {
          ctx.addIssue({ code: 'custom', path: ['levels', i, 'reviewers', j, 'criterion'], message: `unknown criterion ${r.criterion}` });
        }
      });
    });
  });
export type DossierInput = z.infer<typeof DossierInputSchema>;

// ---------------------------------------------------------------------------------------------------
// Commands: what a person (or the system) asks for. The workflow adds EventMeta and sends the event.
// ---------------------------------------------------------------------------------------------------

export const VerdictSchema = z.enum(['met', 'not_met', 'needs_supplement']);
export type Verdict = z.infer<typeof VerdictSchema>;

const comment = z.string().trim().max(2000).optional();
const documents = z.array(DocumentRefSchema).max(50).default([]);

/** One line of the self-assessment checklist: a criterion, its result, its indicator values and evidence. */
export const SelfAssessmentEntrySchema = z.object({
  criterion: nonEmpty,
  met: z.boolean(),
  indicatorValues: z.record(z.string(), z.number().finite()).default({}),
  evidence: documents,
  comment,
});
export type SelfAssessmentEntry = z.infer<typeof SelfAssessmentEntrySchema>;

/** One line of a department's review page: a criterion, the verdict, the comment. */
export const ReviewEntrySchema = z.object({ criterion: nonEmpty, verdict: VerdictSchema, comment });
export type ReviewEntry = z.infer<typeof ReviewEntrySchema>;

export const CommandSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('self_assessment.recorded'),
    criterion: nonEmpty,
    met: z.boolean(),
    /** Raw indicator values where the set has numeric thresholds, e.g. {'10.1': 45.2}. */
    indicatorValues: z.record(z.string(), z.number().finite()).default({}),
    evidence: documents,
    comment,
  }),
  /** The whole checklist in one Update: every entry validated together, all or nothing. */
  z.object({ type: z.literal('self_assessment.batch'), entries: z.array(SelfAssessmentEntrySchema).min(1).max(200) }),
  z.object({
    type: z.literal('consultation.recorded'),
    participants: z.number().int().min(1).max(1_000_000),
    satisfactionPct: z.number().min(0).max(100),
    evidence: documents,
    comment,
  }),
  z.object({ type: z.literal('commune.submitted'), documents, comment }),
  z.object({
    type: z.literal('criterion.reviewed'),
    criterion: nonEmpty,
    verdict: VerdictSchema,
    comment,
    documents,
  }),
  /** A department's verdicts on its criteria in one action (all or nothing). */
  z.object({ type: z.literal('review.batch'), entries: z.array(ReviewEntrySchema).min(1).max(200), documents }),
  z.object({
    type: z.literal('level.returned'),
    reasons: z.array(z.object({ criterion: nonEmpty, reason: nonEmpty.max(2000) })).min(1),
    documents,
  }),
  z.object({ type: z.literal('commune.resubmitted'), documents, comment }),
  z.object({ type: z.literal('level.approved'), documents, comment }),
  z.object({ type: z.literal('level.forwarded'), documents, comment }),
  z.object({
    type: z.literal('council.voted'),
    members: z.array(z.object({ id: nonEmpty, name: nonEmpty })).min(1),
    inFavour: z.number().int().min(0),
    against: z.number().int().min(0),
    abstained: z.number().int().min(0),
    documents,
    comment,
  }),
  z.object({
    type: z.literal('decision.drafted'),
    number: nonEmpty.max(64),
    date: LocalDateSchema,
    signer: nonEmpty.max(200),
    outcome: z.enum(['recognised', 'refused']),
    reasons: z.array(nonEmpty).default([]),
    stars: z.number().int().min(1).max(5).optional(),
  }),
  z.object({
    type: z.literal('level.decided'),
    number: nonEmpty.max(64),
    date: LocalDateSchema,
    signer: nonEmpty.max(200),
    outcome: z.enum(['recognised', 'refused']),
    reasons: z.array(nonEmpty).default([]),
    stars: z.number().int().min(1).max(5).optional(),
    documents,
  }),
  z.object({
    type: z.literal('maintenance.assessed'),
    flagged: z.boolean(),
    reasons: z.array(nonEmpty).default([]),
    documents,
  }),
  z.object({
    type: z.literal('recognition.revoked'),
    number: nonEmpty.max(64),
    date: LocalDateSchema,
    signer: nonEmpty.max(200),
    reasons: z.array(nonEmpty).min(1),
    documents,
  }),
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];

/** System events: produced by activities and by Temporal's timers, never typed in by a person. */
export const SystemEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('criteria.verified'),
    eligible: z.boolean(),
    metCount: z.number().int().min(0),
    total: z.number().int().min(0),
    failing: z.array(z.object({ criterion: nonEmpty, reasonVi: z.string(), reasonEn: z.string() })),
  }),
  z.object({ type: z.literal('deadline.expired'), stage: nonEmpty, deadline: LocalDateSchema }),
  /**
   * Issue 14: the office changed the plan's deadlines (or reminder schedule) after the dossier opened:
   * what moved, why, and who (the event's actor). Recorded on the timeline and in the audit chain; the
   * workflow re-plans its deadline watchers.
   */
  z.object({
    type: z.literal('deadline.changed'),
    changes: z
      .array(
        z.object({
          deadlineId: nonEmpty,
          descriptionVi: z.string(),
          stage: nonEmpty,
          from: LocalDateSchema,
          to: LocalDateSchema,
          scheduleChanged: z.boolean(),
        }),
      )
      .min(1),
    comment: nonEmpty.max(2000),
  }),
]);
export type SystemEvent = z.infer<typeof SystemEventSchema>;

export type DossierEvent = (Command | SystemEvent) & { meta: EventMeta };
export type DossierEventType = DossierEvent['type'];
