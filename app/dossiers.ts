/**
 * The dossier use cases, one place for the API, the UI and the CLI: open one (authorised, planned from
 * reference data and the plan year, its workflow id derived so a duplicate is refused), act on one
 * (authorised, then sent as the workflow's Update), read its status, state and timeline. Lists,
 * dashboards and the inbox are read models (app/read-models.ts).
 */
import type { Client } from '@temporalio/client';
import { resolveActor, type Principal } from '../domain/access';
import { accessView, statusOf, type Command, type DossierState, type DossierStatus } from '../domain/dossier';
import { appError, unwrap } from '../domain/errors';
import type { TitleId } from '../domain/titles';
import type { Unit } from '../domain/units';
import type { Db } from '../prisma/db';
import { loadUnits } from '../store/units';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, stateQuery, type DossierWorkflowInput } from '../workflows/definitions';
import { dossierWorkflow } from '../workflows/dossier';
import { heldTitles, planDossierFor, planFor } from './plans';
import { fromTemporal } from './temporal-errors';

export interface DossierDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  clock: () => Date;
}

export interface OpenRequest {
  unitCode: string;
  title: TitleId;
  planYear: number;
  criteriaSetId?: string | undefined;
  pipeline?: string | undefined;
}

export class DossierService {
  constructor(private readonly deps: DossierDeps) {}

  private now(): string {
    return this.deps.clock().toISOString();
  }

  async units(): Promise<Unit[]> {
    return loadUnits(this.deps.db);
  }

  /** Opens a dossier: planned, authorised ('dossier.start' at one of its levels), started once. */
  async open(principal: Principal, req: OpenRequest): Promise<DossierStatus> {
    const units = await this.units();
    const unit = units.find((u) => u.code === req.unitCode);
    if (!unit) throw appError('UNIT.UNKNOWN', `Không có đơn vị "${req.unitCode}"`, `No unit "${req.unitCode}"`, { path: 'unitCode' });
    const governing = await planFor(this.deps.db, unit.code, req.planYear);
    const held = await heldTitles(this.deps.db, [unit.code]);
    const { dossier, deadlines } = planDossierFor({
      unit,
      units,
      title: req.title,
      planYear: req.planYear,
      criteriaSetId: req.criteriaSetId,
      pipeline: req.pipeline,
      plan: governing?.plan,
      heldTitles: held.get(unit.code),
    });
    unwrap(
      resolveActor(principal, {
        action: 'dossier.start',
        at: this.now(),
        dossier: { unitCode: dossier.unitCode, levelUnitCodes: [dossier.unitCode, ...dossier.levels.map((l) => l.unitCode)] },
      }),
    );
    const input: DossierWorkflowInput = { dossier, deadlines, maintenance: DEFAULT_MAINTENANCE };
    try {
      await this.deps.temporal.workflow.start(dossierWorkflow, {
        taskQueue: this.deps.taskQueue,
        workflowId: dossierWorkflowId(dossier.dossierId),
        args: [input],
      });
    } catch (e) {
      throw fromTemporal(e, dossier.dossierId);
    }
    return this.status(principal, dossier.dossierId);
  }

  /** The live state from the workflow; the projection's snapshot when Temporal cannot answer. */
  async state(dossierId: string): Promise<DossierState> {
    try {
      return await this.deps.temporal.workflow.getHandle(dossierWorkflowId(dossierId)).query(stateQuery);
    } catch (e) {
      const row = await this.deps.db.dossier.findUnique({ where: { id: dossierId } });
      // A closed workflow still answers queries. When Temporal cannot, the projection's snapshot (taken at
      // the dossier's last stage change) is the fallback: right stage, possibly older details within it.
      if (row) return JSON.parse(row.state) as DossierState;
      throw fromTemporal(e, dossierId);
    }
  }

  private authorizeRead(principal: Principal, state: DossierState): void {
    unwrap(resolveActor(principal, { action: 'dossier.read', at: this.now(), dossier: accessView(state) }));
  }

  async status(principal: Principal, dossierId: string): Promise<DossierStatus> {
    const state = await this.state(dossierId);
    this.authorizeRead(principal, state);
    return statusOf(state);
  }

  async detail(principal: Principal, dossierId: string): Promise<{ status: DossierStatus; state: DossierState }> {
    const state = await this.state(dossierId);
    this.authorizeRead(principal, state);
    return { status: statusOf(state), state };
  }

  /** A person's action: authorised here, re-checked and applied by the workflow's Update validator. */
  async act(principal: Principal, dossierId: string, command: Command, requestId?: string): Promise<DossierStatus> {
    const state = await this.state(dossierId);
    const actor = unwrap(
      resolveActor(principal, {
        action: command.type,
        at: this.now(),
        dossier: accessView(state),
        criterion: 'criterion' in command ? command.criterion : undefined,
      }),
    );
    try {
      return await this.deps.temporal.workflow
        .getHandle(dossierWorkflowId(dossierId))
        // The request id makes a double-click one action: Temporal deduplicates Updates by id.
        .executeUpdate(actUpdate, { args: [{ actor, command }], ...(requestId ? { updateId: requestId } : {}) });
    } catch (e) {
      throw fromTemporal(e, dossierId);
    }
  }

  /** The whole timeline, oldest first (the dossier page shows it all). */
  async timeline(principal: Principal, dossierId: string) {
    await this.status(principal, dossierId);
    const rows = await this.deps.db.timelineEntry.findMany({ where: { dossierId }, orderBy: { seq: 'asc' } });
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  /** One page of the timeline, oldest first, in the shape of every other list: { page, pageSize, total, items }. */
  async timelinePage(principal: Principal, dossierId: string, page: number, pageSize: number) {
    await this.status(principal, dossierId);
    const where = { dossierId };
    const [total, rows] = await Promise.all([
      this.deps.db.timelineEntry.count({ where }),
      this.deps.db.timelineEntry.findMany({ where, orderBy: { seq: 'asc' }, skip: (page - 1) * pageSize, take: pageSize }),
    ]);
    return { page, pageSize, total, items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
  }
}
