/**
 * Every Update, Query and Signal of the engine, defined once with typed arguments, with the task queue
 * and the workflow inputs. The workflows, the API, the CLI and the tests import these same objects.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import type { PlanYear } from '../domain/calendar';
import { ActorSchema, CommandSchema, type DossierDeadline, type DossierInput, type DossierState, type DossierStatus, type Title } from '../domain/dossier';

export const DEFAULT_TASK_QUEUE = 'ntm-dossiers';

/** A person's action on a dossier: the command, and who sends it (resolved and authorised by the API). */
export const ActRequestSchema = z.object({ command: CommandSchema, actor: ActorSchema });
export type ActRequest = z.infer<typeof ActRequestSchema>;

/** Human actions that need an answer are one Update: accepted → the new status; refused → the reason. */
export const actUpdate = defineUpdate<DossierStatus, [ActRequest]>('dossier.act');
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
