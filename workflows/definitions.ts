/**
 * Every Update, Query and Signal of the engine, defined once with typed arguments, with the task queue
 * and the workflow inputs. The workflows, the API, the CLI and the tests import these same objects.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { PlanYear } from '../domain/calendar';
import { ActorSchema, CommandSchema, type DossierDeadline, type DossierInput, type DossierState, type DossierStatus, type Title } from '../domain/dossier';
import type { Obligation, ObligationPeriod } from '../domain/obligations';
import type { ReplanRequest } from '../domain/plan';
export { ReplanRequestSchema, type ReplanRequest } from '../domain/plan';

export const DEFAULT_TASK_QUEUE = 'ntm-dossiers';

/** A person's action on a dossier: the command, and who sends it (resolved and authorised by the API). */
export const ActRequestSchema = z.object({
  command: CommandSchema,
  actor: ActorSchema,
  /** Issue 18: 'brief' → the answer is an `ActBrief` (a few bytes in the history) instead of the full status. */
  reply: z.enum(['status', 'brief']).optional(),
});
export type ActRequest = z.infer<typeof ActRequestSchema>;

/** Human actions that need an answer are one Update: accepted → the new status; refused → the reason. */
export const actUpdate = defineUpdate<DossierStatus, [ActRequest]>('dossier.act');

/**
 * Issue 18: the answer to an Update sent with `reply: 'brief'` — what changed, not the whole status (which
 * was ~1.4 KB in the history for every action). The caller reads the full status by `statusQuery` (a
 * Query adds nothing to the history) or from the projection, whose row is written before the answer.
 */
export interface ActBrief {
  brief: true;
  stage: DossierStatus['stage'];
  level: DossierStatus['level'];
  /** The dossier's event sequence after the action (the projection row's version). */
  seq: number;
  final: boolean;
}
export const briefOf = (s: DossierStatus): ActBrief => ({ brief: true, stage: s.stage, level: s.level, seq: s.seq, final: s.final });
/** The handler's own typing of `dossier.act` (workflows/dossier.ts): either answer. */
export const actHandlerUpdate = defineUpdate<DossierStatus | ActBrief, [ActRequest]>('dossier.act');
/** The same Update (`dossier.act`), typed for callers that ask for the brief answer. */
export const actBriefUpdate = defineUpdate<ActBrief, [ActRequest & { reply: 'brief' }]>('dossier.act');
/**
 * Issue 14: the plan's deadlines (or reminder schedule) changed after the dossier opened — the app layer
 * sends the dossier's new deadlines to each running dossier of the plan; the answer is the new status, a
 * refusal names the field. Idempotent by `changeId`.
 */
export const replanUpdate = defineUpdate<DossierStatus, [ReplanRequest]>('dossier.replan');
/** The stable status (a union type from domain/, never a raw xstate snapshot). */
export const statusQuery = defineQuery<DossierStatus>('dossier.status');
/** The full state (criteria checklist, verdicts, returns) for the dossier page. */
export const stateQuery = defineQuery<DossierState>('dossier.state');

export interface MaintenancePolicy {
  /** How often a recognised unit's criteria are re-assessed (a reminder to the office), in days. */
  reviewEveryDays: number;
  /** Continue-as-new after this many maintenance cycles, keeping history small over the years. */
  cyclesPerRun: number;
}

export const DEFAULT_MAINTENANCE: MaintenancePolicy = { reviewEveryDays: 365, cyclesPerRun: 1 };

export interface DossierWorkflowInput {
  dossier: DossierInput;
  deadlines: DossierDeadline[];
  maintenance: MaintenancePolicy;
  /** Set by continue-as-new: the state to carry on from, and reminders already sent. */
  resume?: { state: DossierState; cycle: number };
}

export const dossierWorkflowId = (dossierId: string): string => `dossier:${dossierId}`;

export interface CampaignRegistration {
  unitCode: string;
  title: Title;
  dossier: DossierInput;
  deadlines: DossierDeadline[];
}

export interface CampaignWorkflowInput {
  planId: string;
  plan: PlanYear;
  registrations: CampaignRegistration[];
  maintenance: MaintenancePolicy;
}

export const campaignWorkflowId = (planId: string): string => `campaign:${planId}`;

export interface CampaignStatus {
  planId: string;
  started: string[];
  summaries: { deadlineId: string; due: string; onTime: number; late: number; missing: number }[];
}
export const campaignStatusQuery = defineQuery<CampaignStatus>('campaign.status');

// ---- Plan changes carried by Temporal (issue 14) ----------------------------------------------

/**
 * The durable form of `dossier.replan`: the plan-change workflow signals each running dossier (Temporal
 * delivers a signal once the workflow can take it, across worker and API crashes). The dossier applies
 * it like the Update (idempotent by change id) and ignores a change it would refuse (decided meanwhile).
 */
export const replanSignal = defineSignal<[ReplanRequest]>('dossier.replan-signal');
/** The campaign's own reminders and summaries follow the plan as changed (idempotent by change id). */
export const campaignPlanChangedSignal = defineSignal<[{ changeId: string; plan: PlanYear }]>('campaign.plan-changed');

export interface PlanChangeWorkflowInput {
  planId: string;
  changeId: string;
  /** The audit record's event id of the saved change: nothing is sent before it is committed. */
  recordedEventId: string;
  actor: ReplanRequest['actor'];
  reasonVi: string;
  plan: PlanYear;
  dossiers: { dossierId: string; unitCode: string; deadlines: DossierDeadline[] }[];
}
export interface PlanChangeStatus {
  changeId: string;
  state: 'waiting' | 'applying' | 'applied' | 'not-recorded';
  total: number;
  /** Dossiers the change was delivered to, and those whose workflow was closed (nothing to change). */
  delivered: string[];
  closed: string[];
  campaign: 'delivered' | 'not-running' | 'pending';
}
/** One workflow per plan change (id from the plan id and its saved version): starting it twice is a no-op. */
export const planChangeWorkflowId = (changeId: string): string => `plan-change:${changeId}`;
export const planChangeStatusQuery = defineQuery<PlanChangeStatus>('plan-change.status');

// ---- Periodic reporting obligations (issue 16) ----------------------------------------------

/** The office's control of a running obligation: pause, resume, change (a new validated definition), retire. Audited. */
export const ObligationControlSchema = z.object({
  action: z.enum(['pause', 'resume', 'change', 'retire']),
  actor: z.object({ id: z.string().min(1), role: z.string().min(1), unitCode: z.string().min(1) }),
  reasonVi: z.string().trim().min(1).max(2000).optional(),
  /** For `change`: the whole new definition (validated with loadObligation; the id may not change). */
  definition: z.unknown().optional(),
  /** Idempotency: a retried request with the same id is applied once. */
  requestId: z.string().min(1).max(200),
});
export type ObligationControl = z.infer<typeof ObligationControlSchema>;

export interface ObligationWorkflowStatus {
  obligationId: string;
  version: number;
  status: 'active' | 'paused' | 'retired';
  /** The end of the last period whose child was started (null before the first). */
  lastPeriodEnd: string | null;
  /** Period keys started in this run. */
  started: string[];
}

export const obligationControlUpdate = defineUpdate<ObligationWorkflowStatus, [ObligationControl]>('obligation.control');
export const obligationStatusQuery = defineQuery<ObligationWorkflowStatus>('obligation.status');

export interface ObligationWorkflowInput {
  /** A definition that passed loadObligation (domain/obligations Obligation, JSON). */
  obligation: Obligation;
  version: number;
  status?: 'active' | 'paused';
  /** Set by continue-as-new: the last period end already started. Absent: periods due from the start day on. */
  lastPeriodEnd?: string | null;
  /** How many periods to start before continuing as new (keeps history small over the years). */
  periodsPerRun?: number;
}

export const obligationWorkflowId = (obligationId: string): string => `obligation:${obligationId}`;
export const periodWorkflowId = (obligationId: string, periodKey: string): string => `obligation:${obligationId}:${periodKey}`;

export interface PeriodWorkflowInput {
  obligation: Obligation;
  version: number;
  period: ObligationPeriod;
}

export interface PeriodWorkflowResult {
  periodKey: string;
  reporters: number;
  reminded: { key: string; at: string; reporters: string[] }[];
  escalated: string[];
}
