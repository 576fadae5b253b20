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
import { providerOfDb, type Db, type DbProvider } from '../prisma/db';
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
  /**
   * Keyset pagination: the `nextCursor` of the previous page. The list is walked from just after that row
   * (newest activity first, ties by id), so a walk never shows a row twice and misses none of the rows that
   * did not change during it, however many are added meanwhile (new and changed rows go to the front).
   */
  cursor?: string | undefined;
  /**
   * Count the dossiers matching (scope and filter) and answer them as `total`. Off by default: at a
   * province's 100,000 dossiers the count is what a page costs (issue 18), and `hasMore` / `nextCursor`
   * already say whether to go on. The office asks for the figure when it shows it.
   */
  count?: boolean | undefined;
}

/** Where a keyset page starts: the last row of the previous page (its activity instant and id). */
export interface ListCursor {
  updatedAt: Date;
  id: string;
}

/** An opaque cursor (base64url of the row's activity instant in ms and its id). */
export function encodeListCursor(c: ListCursor): string {
  return Buffer.from(JSON.stringify([c.updatedAt.getTime(), c.id]), 'utf8').toString('base64url');
}

/** The cursor's row, or a coded refusal naming `querystring.cursor` (a cursor is only ever one we gave). */
export function decodeListCursor(text: string): ListCursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    v = undefined;
  }
  if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string' && v[1].length > 0 && v[1].length <= 300) {
    return { updatedAt: new Date(v[0] as number), id: v[1] };
  }
  throw appError(
    'LIST.INVALID_CURSOR',
    'Con trỏ trang (cursor) không hợp lệ: hãy dùng giá trị nextCursor của trang trước',
    'The page cursor is not valid: use the nextCursor of the previous page',
    { path: 'querystring.cursor', kind: 'invalid' },
  );
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
  private readonly provider: DbProvider;
  constructor(
    private readonly db: Db,
    provider?: DbProvider,
  ) {
    this.provider = provider ?? providerOfDb(db);
  }

  private codeOrder?: Promise<boolean>;
  /**
   * Whether unit codes compare byte by byte (so a subtree is a code range): always on SQLite (BINARY);
   * on PostgreSQL when the database's collation is C/POSIX/C.UTF-8 (as infra/postgres.ts creates it),
   * read once. Under a linguistic collation the prefix match (LIKE) is kept: slower, always right.
   */
  private bytewise(): Promise<boolean> {
    if (this.provider === 'sqlite') return Promise.resolve(true);
    this.codeOrder ??= this.db
      .$queryRawUnsafe<{ c: string }[]>('SELECT datcollate AS c FROM pg_database WHERE datname = current_database()')
      .then((r) => /^(C|POSIX|C\.UTF-?8|ucs_basic)$/i.test(r[0]?.c ?? ''))
      .catch(() => false);
    return this.codeOrder;
  }

  /** Dossiers in the person's jurisdiction, newest activity first (page by offset, or by keyset cursor). */
  async list(principal: Principal, f: ListFilter) {
    if (f.cursor !== undefined && f.page !== 1) {
      throw appError('LIST.CURSOR_WITH_PAGE', 'Chỉ dùng một trong hai: page hoặc cursor', 'Use either page or cursor, not both', {
        path: 'querystring.cursor',
        kind: 'invalid',
      });
    }
    const after = f.cursor !== undefined ? decodeListCursor(f.cursor) : undefined;
    const where = scopeWhere(await this.bytewise(), principal, f);
    const [total, found] = await Promise.all([
      // Counted only when asked (any page): aggregate(_count unitCode) reads the unitCode index only, where
      // count() reads every row of the scope (Prisma counts a subquery selecting the id).
      f.count ? this.db.dossier.aggregate({ where, _count: { unitCode: true } }).then((a) => a._count.unitCode) : Promise.resolve(null),
      this.db.dossier.findMany({
        // (updatedAt ≤ t) leads so that the index range starts at the cursor; the OR only trims its ties.
        where: after
          ? { AND: [where, { updatedAt: { lte: after.updatedAt } }, { OR: [{ updatedAt: { lt: after.updatedAt } }, { id: { gt: after.id } }] }] }
          : where,
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
        ...(after ? {} : { skip: (f.page - 1) * f.pageSize }),
        // One row beyond the page says whether there is a next one, without counting.
        take: f.pageSize + 1,
        select: LIST_COLUMNS,
      }),
    ]);
    const hasMore = found.length > f.pageSize;
    const rows = hasMore ? found.slice(0, f.pageSize) : found;
    const last = hasMore ? rows.at(-1) : undefined;
    return {
      page: f.page,
      pageSize: f.pageSize,
      /** Dossiers in the scope and filter when asked (`count`); null otherwise. */
      total,
      /** Whether rows follow this page (offset or cursor alike). */
      hasMore,
      /** Pass as `cursor` for the next page; null on the last page. */
      nextCursor: last ? encodeListCursor(last) : null,
      items: rows.map(listItem),
    };
  }

  /**
   * Every dossier matching the filter in the person's jurisdiction (up to `limit`, newest activity first),
   * with states and next deadline: one query for the rows, one for the plans of the years they belong to.
   */
  async allInScope(principal: Principal, f: Omit<ListFilter, 'page' | 'pageSize' | 'cursor' | 'count'>, limit = 2000): Promise<DashboardItem[]> {
    const rows = await this.db.dossier.findMany({
      where: scopeWhere(await this.bytewise(), principal, f),
      orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
      take: limit,
      select: { ...LIST_COLUMNS, state: true },
    });
    const years = [...new Set(rows.map((r) => r.planYear))];
    const plans = years.length > 0 ? await this.db.plan.findMany({ where: { year: { in: years } }, select: { year: true, unitCode: true, data: true } }) : [];
    // One plan parse per (plan, title), not per dossier.
    const memo = new Map<string, NextDeadline[]>();
    return rows.map((r) => {
      const item = listItem(r);
      const state = JSON.parse(r.state) as DossierState;
      const key = `${governingPlan(plans, r.unitCode, r.planYear)?.unitCode ?? ''}|${r.planYear}|${r.title}`;
      let deadlines = memo.get(key);
      if (!deadlines) {
        deadlines = deadlinesOf(plans, r.unitCode, r.title, r.planYear);
        memo.set(key, deadlines);
      }
      const next = nextDeadline(deadlines, state);
      return { ...item, state, ...(next ? { next } : {}) };
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

/** The columns a list row needs (never the state snapshot unless asked). */
const LIST_COLUMNS = {
  id: true,
  unitCode: true,
  unit: { select: { name: true } },
  title: true,
  planYear: true,
  stage: true,
  level: true,
  late: true,
  status: true,
  decisionNumber: true,
  nextDeadline: true,
  updatedAt: true,
} as const;

type ListRow = {
  id: string;
  unitCode: string;
  unit: { name: string };
  title: string;
  planYear: number;
  stage: string;
  level: string;
  late: boolean;
  status: string;
  decisionNumber: string | null;
  nextDeadline: Date | null;
  updatedAt: Date;
};

function listItem(r: ListRow) {
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
}

/**
 * A unit and its subtree (codes are paths: "dien-bien/tuan-giao/quai-cang"). Where codes compare byte by
 * byte (SQLite; PostgreSQL with a C collation) the subtree is the code range ["u/", "u0") — '0' follows '/'
 * — which the unitCode index answers (SQLite's LIKE is case-insensitive and cannot use it; PostgreSQL's
 * LIKE needs a C-collated index). Otherwise the prefix match (LIKE 'u/%'), right under any collation.
 */
function subtree(bytewise: boolean, u: string) {
  return [{ unitCode: u }, { unitCode: bytewise ? { gte: `${u}/`, lt: `${u}0` } : { startsWith: `${u}/` } }];
}

/** The person's jurisdiction (their grants' unit subtrees; nothing without grants) and the filter. */
function scopeWhere(bytewise: boolean, principal: Principal, f: Omit<ListFilter, 'page' | 'pageSize' | 'cursor' | 'count'>) {
  const units = [...new Set(principal.grants.map((g) => g.unitCode))];
  const scope = units.flatMap((u) => subtree(bytewise, u));
  return {
    AND: [
      { OR: scope.length > 0 ? scope : [{ unitCode: '\u0000none' }] },
      f.unitPrefix ? { OR: subtree(bytewise, f.unitPrefix) } : {},
      f.stage ? { stage: f.stage } : {},
      f.title ? { title: f.title } : {},
      f.planYear ? { planYear: f.planYear } : {},
      f.late !== undefined ? { late: f.late } : {},
    ],
  };
}

export type ListItem = ReturnType<typeof listItem>;
export type DashboardItem = ListItem & { next?: NextDeadline; state: DossierState };
