/**
 * What the API and the UI do with dossiers, in one place: start one (authorised, planned from reference
 * data and the plan year, its workflow id derived so a duplicate is refused), act on one (authorised,
 * then sent as the workflow's Update), read status, lists, timelines and inboxes.
 */
import type { Client } from '@temporalio/client';
import { resolveActor, type Principal } from '../domain/access';
import { loadPlanYear } from '../domain/calendar';
import { getCriteriaSet } from '../domain/criteria';
import {
  accessView,
  defaultCriteriaSetId,
  dossierDeadlines,
  planDossier,
  statusOf,
  type Command,
  type DossierState,
  type DossierStatus,
} from '../domain/dossier';
import type { TitleId } from '../domain/titles';
import { getPipelineConfig, pipelineForDate, type Unit } from '../domain/units';
import type { Db } from '../prisma/db';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, stateQuery, type DossierWorkflowInput } from '../workflows/definitions';
import { apiError, fromTemporal, notFound } from './errors';

export interface ServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  clock: () => Date;
}

export interface StartRequest {
  unitCode: string;
  title: TitleId;
  planYear: number;
  criteriaSetId?: string;
  pipeline?: string;
}

export interface ListFilter {
  stage?: string;
  unitPrefix?: string;
  title?: string;
  planYear?: number;
  late?: boolean;
  page: number;
  pageSize: number;
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: import('../domain/errors').DomainError }): T {
  if (!r.ok) throw apiError(r.error);
  return r.value;
}

export class DossierService {
  constructor(private readonly deps: ServiceDeps) {}

  private now(): string {
    return this.deps.clock().toISOString();
  }

  async units(): Promise<Unit[]> {
    const rows = await this.deps.db.unit.findMany();
    return rows.map((u) => ({
      code: u.code,
      level: u.level as Unit['level'],
      name: u.name,
      parentCode: u.parentCode,
      ...(u.communeGroup ? { communeGroup: u.communeGroup as 1 | 2 | 3 } : {}),
    }));
  }

  async start(principal: Principal, req: StartRequest): Promise<DossierStatus> {
    const units = await this.units();
    const unit = units.find((u) => u.code === req.unitCode);
    if (!unit) throw apiError({ code: 'UNIT.UNKNOWN', messageVi: `Không có đơn vị "${req.unitCode}"`, messageEn: `No unit "${req.unitCode}"`, path: 'unitCode' });
    const set = must(getCriteriaSet(req.criteriaSetId ?? must(defaultCriteriaSetId(req.title, req.planYear))));
    const pipeline = must(req.pipeline ? getPipelineConfig(req.pipeline) : pipelineForDate(`${req.planYear}-01-01`));
    const dossier = must(planDossier({ unit, units, title: req.title, planYear: req.planYear, set, pipeline }));
    // The person must be entitled to open a dossier at one of its levels (or for their own commune).
    must(
      resolveActor(principal, {
        action: 'dossier.start',
        at: this.now(),
        dossier: { unitCode: dossier.unitCode, levelUnitCodes: [dossier.unitCode, ...dossier.levels.map((l) => l.unitCode)] },
      }),
    );
    const plans = await this.deps.db.plan.findMany({ where: { year: req.planYear } });
    const plan = plans
      .filter((p) => unit.code === p.unitCode || unit.code.startsWith(`${p.unitCode}/`))
      .sort((a, b) => b.unitCode.length - a.unitCode.length)[0];
    const deadlines = plan ? dossierDeadlines(must(loadPlanYear(JSON.parse(plan.data))), req.title) : [];
    const input: DossierWorkflowInput = { dossier, deadlines, maintenance: DEFAULT_MAINTENANCE };
    const workflowId = dossierWorkflowId(dossier.dossierId);
    try {
      await this.deps.temporal.workflow.start('dossierWorkflow', { taskQueue: this.deps.taskQueue, workflowId, args: [input] });
    } catch (e) {
      throw fromTemporal(e, dossier.dossierId);
    }
    return this.status(principal, dossier.dossierId);
  }

  private async state(dossierId: string): Promise<DossierState> {
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
    must(resolveActor(principal, { action: 'dossier.read', at: this.now(), dossier: accessView(state) }));
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

  async act(principal: Principal, dossierId: string, command: Command, requestId?: string): Promise<DossierStatus> {
    const state = await this.state(dossierId);
    const actor = must(
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

  /** Dossiers in the person's jurisdiction (their grants' unit subtrees), newest activity first. */
  async list(principal: Principal, f: ListFilter) {
    const units = [...new Set(principal.grants.map((g) => g.unitCode))];
    const scope = units.flatMap((u) => [{ unitCode: u }, { unitCode: { startsWith: `${u}/` } }]);
    const where = {
      AND: [
        { OR: scope.length > 0 ? scope : [{ unitCode: '\u0000none' }] },
        f.unitPrefix ? { OR: [{ unitCode: f.unitPrefix }, { unitCode: { startsWith: `${f.unitPrefix}/` } }] } : {},
        f.stage ? { stage: f.stage } : {},
        f.title ? { title: f.title } : {},
        f.planYear ? { planYear: f.planYear } : {},
        f.late !== undefined ? { late: f.late } : {},
      ],
    };
    const [total, rows] = await Promise.all([
      this.deps.db.dossier.count({ where }),
      this.deps.db.dossier.findMany({
        where,
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
        skip: (f.page - 1) * f.pageSize,
        take: f.pageSize,
        include: { unit: true },
      }),
    ]);
    return {
      page: f.page,
      pageSize: f.pageSize,
      total,
      items: rows.map((r) => {
        const status = JSON.parse(r.status) as DossierStatus;
        return {
          id: r.id,
          unitCode: r.unitCode,
          unitName: r.unit.name,
          title: r.title,
          planYear: r.planYear,
          stage: r.stage,
          stageLabel: status.stageLabel,
          level: r.level,
          late: r.late,
          awaiting: status.awaiting,
          decisionNumber: r.decisionNumber,
          updatedAt: r.updatedAt.toISOString(),
        };
      }),
    };
  }

  async timeline(principal: Principal, dossierId: string) {
    await this.status(principal, dossierId);
    const rows = await this.deps.db.timelineEntry.findMany({ where: { dossierId }, orderBy: { seq: 'asc' } });
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  async inbox(principal: Principal, username: string, page: number, pageSize: number) {
    const shared = principal.grants.map((g) => `${g.role}@${g.unitCode}${g.department ? `#${g.department}` : ''}`);
    const where = { channel: 'inbox', recipient: { in: [username, ...shared] } };
    const [total, rows] = await Promise.all([
      this.deps.db.notification.count({ where }),
      this.deps.db.notification.findMany({ where, orderBy: [{ dueAt: 'asc' }, { createdAt: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
    ]);
    return {
      page,
      pageSize,
      total,
      items: rows.map((n) => ({
        id: n.id,
        kind: n.kind,
        dossierId: n.dossierId,
        subject: n.subject,
        body: n.body,
        dueAt: n.dueAt?.toISOString() ?? null,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
      })),
    };
  }

  static notFound = notFound;
}
