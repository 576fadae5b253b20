/**
 * The dossier use cases, one place for the API, the UI and the CLI: open one (authorised, planned from
 * reference data and the plan year, its workflow id derived so a duplicate is refused), act on one
 * (authorised, then sent as the workflow's Update), read its status, state and timeline. Lists,
 * dashboards and the inbox are read models (app/read-models.ts).
 */
import type { Client } from '@temporalio/client';
import { resolveActor, type Principal } from '../domain/access';
import { accessView, statusOf, type Command, type DossierState, type DossierStatus } from '../domain/dossier';
import { endOfDay, loadPlanYear, type LocalDate } from '../domain/calendar';
import { AppError, appError, unwrap } from '../domain/errors';
import { TITLE_DEFINITIONS, type TitleId } from '../domain/titles';
import { timelineFacts } from '../domain/audit-view';
import { dossierAsOf } from '../domain/audit-view/as-of';
import type { Unit } from '../domain/units';
import type { Db } from '../prisma/db';
import { loadUnits } from '../store/units';
import {
  actBriefUpdate,
  DEFAULT_MAINTENANCE,
  dossierWorkflowId,
  stateQuery,
  statusQuery,
  type ActBrief,
  type DossierWorkflowInput,
} from '../workflows/definitions';
import { dossierWorkflow } from '../workflows/dossier';
import { heldTitles, planDossierFor, planFor } from './plans';
import { fromTemporal } from './temporal-errors';

export interface DossierDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  clock: () => Date;
  /**
   * Issue 15 (documents): asked before `commune.submitted` is sent; throws (naming what is missing) when
   * the stage's required documents are not all attached. Absent: no document requirement.
   */
  requiredDocuments?: (action: string, dossierId: string, state: DossierState) => Promise<void>;
}

export interface OpenRequest {
  unitCode: string;
  title: TitleId;
  planYear: number;
  criteriaSetId?: string | undefined;
  pipeline?: string | undefined;
}

/** One registration of a plan, as "open all" reports it. */
export interface OpenAllLine {
  unitCode: string;
  unitName: string;
  title: TitleId;
  outcome: 'opened' | 'already_open' | 'refused';
  dossierId?: string;
  error?: { code: string; messageVi: string; messageEn: string };
}

export interface PlanSummary {
  id: string;
  year: number;
  unitCode: string;
  unitName: string;
  registrations: { unitCode: string; unitName: string; title: TitleId }[];
}

const titleName = (t: string): { vi: string; en: string } => {
  const d = TITLE_DEFINITIONS.find((x) => x.id === t);
  return d ? { vi: d.nameVi, en: d.nameEn } : { vi: t, en: t };
};

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
    try {
      return await this.openUnit(principal, req, unit, units);
    } catch (e) {
      throw inWords(e, unit.name, req.title, req.planYear);
    }
  }

  /** The plan years this person may manage (plan.manage on the plan's unit), with their registrations. */
  async plans(principal: Principal): Promise<PlanSummary[]> {
    const rows = await this.deps.db.plan.findMany({ orderBy: [{ year: 'desc' }, { unitCode: 'asc' }] });
    const out: PlanSummary[] = [];
    for (const row of rows) {
      const allowed = resolveActor(principal, { action: 'plan.manage', at: this.now(), unitCode: row.unitCode });
      if (!allowed.ok) continue;
      const plan = loadPlanYear(JSON.parse(row.data));
      if (!plan.ok) continue;
      out.push({
        id: row.id,
        year: row.year,
        unitCode: row.unitCode,
        unitName: plan.value.unitName,
        registrations: plan.value.registrations.map((r) => ({ unitCode: r.unitCode, unitName: r.unitName, title: r.title })),
      });
    }
    return out;
  }

  /**
   * Opens a dossier for every registration of a plan year, one after the other; each line says what
   * happened (opened, already open, or refused and why, in words). `onProgress` hears each line.
   */
  async openAll(
    principal: Principal,
    year: number,
    unitCode: string,
    onProgress?: (line: OpenAllLine, done: number, total: number) => void,
  ): Promise<OpenAllLine[]> {
    unwrap(resolveActor(principal, { action: 'plan.manage', at: this.now(), unitCode }));
    const row = await this.deps.db.plan.findUnique({ where: { year_unitCode: { year, unitCode } } });
    if (!row) {
      throw appError('PLAN.UNKNOWN', `Không có kế hoạch năm ${year} của đơn vị này`, `No ${year} plan for this unit`, { path: 'plan' });
    }
    const plan = unwrap(loadPlanYear(JSON.parse(row.data)));
    const lines: OpenAllLine[] = [];
    for (const reg of plan.registrations) {
      const base = { unitCode: reg.unitCode, unitName: reg.unitName, title: reg.title };
      let line: OpenAllLine;
      try {
        const st = await this.open(principal, { unitCode: reg.unitCode, title: reg.title, planYear: year });
        line = { ...base, outcome: 'opened', dossierId: st.dossierId };
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const err = { code: e.code, messageVi: e.messageVi, messageEn: e.messageEn };
        const id = (e.details as { dossierId?: string } | undefined)?.dossierId;
        line =
          e.code === 'DOSSIER.ALREADY_STARTED'
            ? { ...base, outcome: 'already_open', error: err, ...(id ? { dossierId: id } : {}) }
            : { ...base, outcome: 'refused', error: err };
      }
      lines.push(line);
      onProgress?.(line, lines.length, plan.registrations.length);
    }
    return lines;
  }

  private async openUnit(principal: Principal, req: OpenRequest, unit: Unit, units: Unit[]): Promise<DossierStatus> {
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
        dossier: {
          unitCode: dossier.unitCode,
          levelUnitCodes: [dossier.unitCode, ...dossier.levels.map((l) => l.unitCode)],
          unitNames: Object.fromEntries(
            [{ unitCode: dossier.unitCode, unitName: dossier.unitName }, ...dossier.levels].flatMap((l) => (l.unitName ? [[l.unitCode, l.unitName]] : [])),
          ),
        },
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
      const coded = fromTemporal(e, dossier.dossierId);
      throw coded.code === 'DOSSIER.ALREADY_STARTED' ? new AppError({ ...coded.toJSON(), details: { dossierId: dossier.dossierId } }, 'conflict') : coded;
    }
    return this.status(principal, dossier.dossierId);
  }

  /**
   * The live state from the workflow; the projection's snapshot when Temporal cannot answer, or when the
   * row says no workflow stands behind it (runId '': a projection-only row) — then Temporal is not asked
   * at all, so such a status costs one primary-key read (issue 18), not a round trip that can only fail.
   */
  async state(dossierId: string): Promise<DossierState> {
    const row = await this.deps.db.dossier.findUnique({ where: { id: dossierId }, select: { state: true, runId: true } });
    if (row && row.runId === '') return JSON.parse(row.state) as DossierState;
    try {
      return await this.deps.temporal.workflow.getHandle(dossierWorkflowId(dossierId)).query(stateQuery);
    } catch (e) {
      // A closed workflow still answers queries. When Temporal cannot, the projection's snapshot (taken at
      // the dossier's last stage change) is the fallback: right stage, possibly older details within it.
      // (Read again: the row may have been written since, e.g. by the workflow's first activity.)
      const now = row ?? (await this.deps.db.dossier.findUnique({ where: { id: dossierId }, select: { state: true } }));
      if (now) return JSON.parse(now.state) as DossierState;
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

  /**
   * Issue 13: the dossier as it stood at the end of `asOf` (Asia/Ho_Chi_Minh), rebuilt from its recorded
   * events (the audit records, replayed through the machine by domain/audit-view dossierAsOf) — the
   * stage, verdicts, vote, decision and passed deadlines known then. Read access is checked on the
   * dossier as it is now. Before the dossier was opened: 404 DOSSIER.NOT_YET_OPENED (path asOf).
   */
  async detailAsOf(
    principal: Principal,
    dossierId: string,
    asOf: LocalDate,
  ): Promise<{ status: DossierStatus; state: DossierState; asOf: LocalDate; until: string; applied: number }> {
    const current = await this.state(dossierId);
    this.authorizeRead(principal, current);
    const until = endOfDay(asOf);
    const rows = await this.deps.db.auditRecord.findMany({ where: { dossierId }, orderBy: { seq: 'asc' } });
    const records = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
    const opened = records.find((r) => r.action === 'dossier.started');
    const openedAt = opened ? Date.parse(opened.at) : records[0] ? Date.parse(records[0].at) : until + 1;
    const rebuilt = dossierAsOf(current.context.input, records, openedAt, until);
    if (!rebuilt.ok) throw new AppError(rebuilt.error, rebuilt.error.code === 'DOSSIER.NOT_YET_OPENED' ? 'not_found' : undefined);
    const { state, applied } = rebuilt.value;
    return { status: statusOf(state), state, asOf, until: new Date(until).toISOString(), applied };
  }

  /** A person's action: authorised here, re-checked and applied by the workflow's Update validator. */
  async act(principal: Principal, dossierId: string, command: Command, requestId?: string): Promise<DossierStatus> {
    const state = await this.state(dossierId);
    const view = accessView(state);
    // A department's review page: every entry is authorised as the review of that criterion, by one
    // department (the actor stamped on the batch is that department's).
    const actor =
      command.type === 'review.batch'
        ? (() => {
            const actors = command.entries.map((e, i) => {
              const r = resolveActor(principal, { action: 'criterion.reviewed', at: this.now(), dossier: view, criterion: e.criterion });
              if (!r.ok) throw new AppError({ ...r.error, path: `entries.${i}.criterion` });
              return r.value;
            });
            const depts = new Set(actors.map((a) => a.department));
            if (depts.size > 1) {
              throw appError(
                'DOSSIER.MIXED_DEPARTMENTS',
                'Một phiếu thẩm tra chỉ gồm tiêu chí của một phòng, ban',
                "One review holds one department's criteria only",
                { path: 'entries' },
              );
            }
            return actors[0]!;
          })()
        : unwrap(
            resolveActor(principal, {
              action: command.type,
              at: this.now(),
              dossier: view,
              criterion: 'criterion' in command ? command.criterion : undefined,
            }),
          );
    // --- issue 15: required documents refuse the submission before the Update is sent -------------
    if (command.type === 'commune.submitted' && this.deps.requiredDocuments) await this.deps.requiredDocuments(command.type, dossierId, state);
    // ------------------------------------------------------------------------------------------------
    const handle = this.deps.temporal.workflow.getHandle(dossierWorkflowId(dossierId));
    let brief: ActBrief;
    try {
      // The request id makes a double-click one action: Temporal deduplicates Updates by id. Issue 18:
      // the brief answer keeps the history small; the full status is read by Query (nothing recorded).
      brief = await handle.executeUpdate(actBriefUpdate, { args: [{ actor, command, reply: 'brief' }], ...(requestId ? { updateId: requestId } : {}) });
    } catch (e) {
      throw fromTemporal(e, dossierId);
    }
    try {
      const status = await handle.query(statusQuery);
      if (status.seq >= brief.seq) return status;
    } catch {
      // Temporal cannot answer the Query: the projection, written before the Update's answer, serves.
    }
    const row = await this.deps.db.dossier.findUnique({ where: { id: dossierId }, select: { status: true } });
    return JSON.parse(row!.status) as DossierStatus;
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
    // Issue 13: the people by name, the action and stages in words, beside the stored ids and codes.
    const people = await this.deps.db.user.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.actorId))] } },
      select: { id: true, displayName: true },
    });
    const names = new Map(people.map((p) => [p.id, p.displayName]));
    return {
      page,
      pageSize,
      total,
      items: rows.map((r) => {
        const e = { ...r, at: r.at.toISOString() };
        return { ...e, ...timelineFacts(e, names) };
      }),
    };
  }
}

/** A refusal to open a dossier, said with the unit's and title's names instead of codes. */
function inWords(e: unknown, unitName: string, title: string, year: number): unknown {
  if (!(e instanceof AppError)) return e;
  const t = titleName(title);
  const keep = { details: e.details, ...(e.path ? { path: e.path } : {}) };
  switch (e.code) {
    case 'DOSSIER.ALREADY_STARTED':
      return new AppError(
        {
          code: e.code,
          messageVi: `${unitName} đã có hồ sơ "${t.vi}" năm ${year} (mỗi đơn vị, danh hiệu và năm chỉ một hồ sơ)`,
          messageEn: `${unitName} already has a "${t.en}" dossier for ${year} (one per unit, title and year)`,
          ...keep,
        },
        'conflict',
      );
    case 'AUTH.OUT_OF_JURISDICTION':
    case 'AUTH.FORBIDDEN_ROLE':
      return new AppError(
        {
          code: e.code,
          messageVi: `${unitName} không thuộc địa bàn bạn được mở hồ sơ (${e.code === 'AUTH.FORBIDDEN_ROLE' ? 'vai trò của bạn không mở hồ sơ' : 'ngoài địa bàn'})`,
          messageEn: `${unitName} is not within the area where you may open dossiers (${e.code === 'AUTH.FORBIDDEN_ROLE' ? 'your role does not open dossiers' : 'outside your jurisdiction'})`,
          path: 'unitCode',
          details: e.details,
        },
        'forbidden',
      );
    case 'CRITERIA.NO_DEFAULT_SET':
    case 'CRITERIA.UNKNOWN_SET':
      return new AppError(
        {
          code: e.code,
          messageVi: `Chưa có bộ tiêu chí "${t.vi}" cho năm ${year}, nên chưa mở được hồ sơ của ${unitName}`,
          messageEn: `There is no "${t.en}" criteria set for ${year}, so ${unitName}'s dossier cannot be opened`,
          path: 'criteriaSetId',
          details: e.details,
        },
        'invalid',
      );
    default:
      return e;
  }
}
