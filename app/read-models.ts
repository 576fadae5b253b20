/**
 * Read models for lists, dashboards and the inbox: what the pages and the list routes read, from the
 * projection tables (Dossier, TimelineEntry, Notification), scoped to the person's jurisdiction (their
 * grants' unit subtrees) — deny by default: a person without grants sees nothing.
 */
import type { Principal } from '../domain/access';
import { loadPlanYear, localDateOf, vietnamHolidayCalendar, type LocalDate, type PlanYear, type ReviewLimit } from '../domain/calendar';
import { dossierDeadlines, stageDone, statusOf, type DossierState, type DossierStatus } from '../domain/dossier';
import { appError } from '../domain/errors';
import { nextActions, type NextAction } from '../domain/next-actions';
import type { TitleId } from '../domain/titles';
import type { Db } from '../prisma/db';
import { unitLevels, unitNames } from '../store/units';
import { unitHistory, type UnitHistoryView } from './unit-history';
import { governingPlan } from './plans';

export interface ListFilter {
  stage?: string | undefined;
  unitPrefix?: string | undefined;
  title?: string | undefined;
  planYear?: number | undefined;
  late?: boolean | undefined;
  page: number;
  pageSize: number;
}

export interface NextDeadline {
  id: string;
  stage: string;
  descriptionVi: string;
  due: LocalDate;
}

type PlanData = { year: number; unitCode: string; data: string };

/** Plan deadlines of a dossier, from the plan year governing its unit (as a dossier is opened with). */
export function deadlinesOf(plans: readonly PlanData[], unitCode: string, title: string, planYear: number): NextDeadline[] {
  const plan = governingPlan(plans, unitCode, planYear);
  if (!plan) return [];
  const loaded = loadPlanYear(JSON.parse(plan.data));
  if (!loaded.ok) return [];
  return dossierDeadlines(loaded.value, title as TitleId)
    .map((d) => ({ id: d.id, stage: d.stage, descriptionVi: d.descriptionVi, due: d.due }))
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/** The first plan deadline whose work is not done yet. */
export function nextDeadline(deadlines: readonly NextDeadline[], state: DossierState): NextDeadline | undefined {
  return deadlines.find((d) => !stageDone(d.stage as Parameters<typeof stageDone>[0], state));
}

export class ReadModels {
  constructor(private readonly db: Db) {}

  /** Dossiers in the person's jurisdiction, newest activity first. */
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
      this.db.dossier.count({ where }),
      this.db.dossier.findMany({
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
          nextDeadline: r.nextDeadline?.toISOString() ?? null,
          updatedAt: r.updatedAt.toISOString(),
        };
      }),
    };
  }

  /** Every dossier matching the filter in the person's jurisdiction, with states and next deadline. */
  async allInScope(principal: Principal, f: Omit<ListFilter, 'page' | 'pageSize'>, limit = 2000): Promise<DashboardItem[]> {
    const items: ListItem[] = [];
    for (let page = 1; items.length < limit; page++) {
      const r = await this.list(principal, { ...f, page, pageSize: 100 });
      items.push(...r.items);
      if (items.length >= r.total || r.items.length === 0) break;
    }
    const [rows, plans] = await Promise.all([
      this.db.dossier.findMany({ where: { id: { in: items.map((i) => i.id) } }, select: { id: true, state: true } }),
      this.db.plan.findMany({ select: { year: true, unitCode: true, data: true } }),
    ]);
    const states = new Map(rows.map((r) => [r.id, JSON.parse(r.state) as DossierState]));
    return items.map((i) => {
      const state = states.get(i.id)!;
      const next = nextDeadline(deadlinesOf(plans, i.unitCode, i.title, i.planYear), state);
      return { ...i, state, ...(next ? { next } : {}) };
    });
  }

  /**
   * What the person must do next (issue 14): the dossiers in their jurisdiction that wait for them, the
   * action in words, the due date in working days (the Vietnamese holiday calendar) and its basis — the
   * governing plan year's step or the level's review time limit (domain/next-actions.ts). `inScope`: the
   * person's whole scope when the caller has already read it (`allInScope(principal, {})`).
   */
  async nextActions(principal: Principal, now: Date, inScope?: readonly DashboardItem[]): Promise<NextAction[]> {
    const items = inScope ?? (await this.allInScope(principal, {}));
    const rows = await this.db.plan.findMany({ select: { year: true, unitCode: true, data: true } });
    const loaded = new Map<string, PlanYear | undefined>();
    const planOf = (unitCode: string, year: number): PlanYear | undefined => {
      const row = governingPlan(rows, unitCode, year);
      if (!row) return undefined;
      const key = `${row.year}:${row.unitCode}`;
      if (!loaded.has(key)) {
        const p = loadPlanYear(JSON.parse(row.data));
        loaded.set(key, p.ok ? p.value : undefined);
      }
      return loaded.get(key);
    };
    return nextActions({
      principal,
      dossiers: items.map((i) => ({ id: i.id, unitName: i.unitName, state: i.state, plan: planOf(i.unitCode, i.planYear) })),
      today: localDateOf(now.getTime()),
      now: now.toISOString(),
      calendar: vietnamHolidayCalendar,
    });
  }

  /** A dossier's plan deadlines, soonest first. */
  async deadlines(unitCode: string, title: string, planYear: number): Promise<NextDeadline[]> {
    const plans = await this.db.plan.findMany({ where: { year: planYear }, select: { year: true, unitCode: true, data: true } });
    return deadlinesOf(plans, unitCode, title, planYear);
  }

  /** The review time limits (working days per review stage) of the plan governing a unit, if any. */
  async reviewLimits(unitCode: string, planYear: number): Promise<ReviewLimit[]> {
    const plans = await this.db.plan.findMany({ where: { year: planYear }, select: { year: true, unitCode: true, data: true } });
    const plan = governingPlan(plans, unitCode, planYear);
    if (!plan) return [];
    const loaded = loadPlanYear(JSON.parse(plan.data));
    return loaded.ok ? loaded.value.reviewDays : [];
  }

  /** The person's inbox (their own rows and those addressed to a role they hold), most urgent first. */
  async inbox(principal: Principal, username: string, page: number, pageSize: number) {
    const shared = principal.grants.map((g) => `${g.role}@${g.unitCode}${g.department ? `#${g.department}` : ''}`);
    const where = { channel: 'inbox', recipient: { in: [username, ...shared] } };
    const [total, rows] = await Promise.all([
      this.db.notification.count({ where }),
      this.db.notification.findMany({ where, orderBy: [{ dueAt: 'asc' }, { createdAt: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
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

  /** A unit in time: what it was formed from (sourced links), what those achieved (issue 12). */
  unitHistory(code: string): Promise<UnitHistoryView> {
    return unitHistory(this.db, code);
  }

  unitLevels(codes: readonly string[]): Promise<Map<string, string>> {
    return unitLevels(this.db, codes);
  }

  unitNames(codes: readonly string[]): Promise<Map<string, string>> {
    return unitNames(this.db, codes);
  }

  async peopleNames(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, displayName: true } });
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }

  /** Display names by username (a reminder's recipient is a username or a role at a unit). */
  async namesByUsername(usernames: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.user.findMany({ where: { username: { in: [...new Set(usernames)] } }, select: { username: true, displayName: true } });
    return new Map(rows.map((r) => [r.username, r.displayName]));
  }

  /** Reminders and escalations the engine sent about this dossier (inbox rows, one per recipient). */
  reminders(dossierId: string) {
    return this.db.notification.findMany({ where: { dossierId, channel: 'inbox' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  /**
   * The operator's list (CLI: whoever holds the database reads everything): dossiers of a unit subtree,
   * optionally only the overdue ones (marked late, or their next deadline passed), in unit order.
   */
  async operatorList(f: { unitPrefix?: string | undefined; overdue: boolean; now: Date }, onProgress?: (done: number, total: number) => void) {
    if (f.unitPrefix && !(await this.db.unit.findUnique({ where: { code: f.unitPrefix } }))) {
      throw appError('UNIT.UNKNOWN', `Không có đơn vị "${f.unitPrefix}"`, `No unit "${f.unitPrefix}"`, { path: '--unit' });
    }
    const where = {
      AND: [
        f.unitPrefix ? { OR: [{ unitCode: f.unitPrefix }, { unitCode: { startsWith: `${f.unitPrefix}/` } }] } : {},
        f.overdue ? { OR: [{ late: true }, { nextDeadline: { lt: f.now } }] } : {},
      ],
    };
    const total = await this.db.dossier.count({ where });
    onProgress?.(0, total);
    const rows: {
      id: string;
      unitCode: string;
      unitName: string;
      stage: string;
      stageVi: string;
      late: Record<string, string>;
      nextDeadline: string | null;
      awaiting: string[];
    }[] = [];
    const BATCH = 200;
    for (let skip = 0; skip < total; skip += BATCH) {
      const batch = await this.db.dossier.findMany({ where, orderBy: [{ unitCode: 'asc' }, { id: 'asc' }], skip, take: BATCH, include: { unit: true } });
      for (const d of batch) {
        // The status column is current after every event; the state column only at stage changes.
        const s = d.status !== '{}' ? (JSON.parse(d.status) as DossierStatus) : statusOf(JSON.parse(d.state) as DossierState);
        rows.push({
          id: d.id,
          unitCode: d.unitCode,
          unitName: d.unit.name,
          stage: d.stage,
          stageVi: s.stageLabel.vi,
          late: s.late,
          nextDeadline: d.nextDeadline?.toISOString() ?? null,
          awaiting: [...new Set(s.awaiting.map((a) => `${a.role}@${a.unitCode}${a.department ? `#${a.department}` : ''}: ${a.action}`))],
        });
      }
      onProgress?.(Math.min(total, skip + batch.length), total);
    }
    return rows;
  }

  /** Plan years known (year, planning unit), newest first. */
  async plans() {
    return this.db.plan.findMany({ select: { id: true, year: true, unitCode: true }, orderBy: [{ year: 'desc' }, { unitCode: 'asc' }] });
  }
}

export type ListItem = Awaited<ReturnType<ReadModels['list']>>['items'][number];
export type DashboardItem = ListItem & { next?: NextDeadline; state: DossierState };
