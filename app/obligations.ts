/**
 * Periodic reporting obligations (issue 16), the use cases: create and list obligations (validated
 * with domain/obligations loadObligation; a bad one is refused with its code and field, nothing
 * written), control a running one (pause / resume / change / retire through the workflow's Update,
 * audited), submit a period's report (checkSubmission: a future period or a second submission is
 * refused), accept or return it (the receiving office), the office dashboard (who has and has not
 * reported each period, late ones first; JSON and Excel) and the plan-year forecast (domain/forecast
 * over each registered unit's criteria marks over time).
 *
 * A submitted report carries a document reference (free text or a file id) until the Documents issue
 * lands and gives it a stored file.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { authorize, type Grant, type Principal } from '../domain/access';
import { addCalendarDays, formatVnDate, loadPlanYear, localDateOf, type InstantMs, type LocalDate } from '../domain/calendar';
import { DEPARTMENTS } from '../domain/departments';
import { AppError, appError, unwrap, type DomainError } from '../domain/errors';
import { forecastPlan, type MarkPoint, type PlanForecast } from '../domain/forecast';
import {
  checkSubmission,
  describeParty,
  findPeriod,
  loadObligation,
  periodsBetween,
  PERIOD_KIND_LABELS,
  type Obligation,
  type ObligationPeriod,
  type Party,
  type PeriodTaskEvent,
} from '../domain/obligations';
import type { Db } from '../prisma/db';
import { applyTaskTransition, recordObligationChange, reportersOf, taskId } from '../store/reporting-tasks';
import { unitNames } from '../store/units';
import { fromTemporal } from './temporal-errors';
import { obligationControlUpdate, obligationWorkflowId, type ObligationControl, type ObligationWorkflowStatus } from '../workflows/definitions';
import { obligationWorkflow } from '../workflows/obligation';

export interface ObligationsDeps {
  db: Db;
  clock: () => Date;
  /** Absent: obligations are recorded but no workflow is started (tests of the use cases alone). */
  temporal?: Client;
  taskQueue?: string;
}

export interface ObligationRow {
  obligation: Obligation;
  version: number;
  status: 'active' | 'paused' | 'retired';
  createdBy: string;
  createdAt: string;
}

export const TASK_STATUS_LABELS: Readonly<Record<string, { vi: string; en: string }>> = {
  open: { vi: 'Chưa nộp', en: 'Not submitted' },
  submitted: { vi: 'Đã nộp', en: 'Submitted' },
  returned: { vi: 'Bị trả lại', en: 'Returned' },
  resubmitted: { vi: 'Đã nộp lại', en: 'Resubmitted' },
  accepted: { vi: 'Đã tiếp nhận', en: 'Accepted' },
};

export interface DashboardRow {
  reporter: string;
  name: string;
  status: string;
  statusVi: string;
  statusEn: string;
  reported: boolean;
  late: boolean;
  submittedAt: string | null;
  acceptedAt: string | null;
  escalatedAt: string | null;
  documentRef: string | null;
}

export interface DashboardPeriod {
  key: string;
  kindVi: string;
  start: string;
  end: string;
  due: string;
  dueNoteVi: string;
  overdue: boolean;
  reported: number;
  total: number;
  late: number;
  rows: DashboardRow[];
}

export interface ObligationDashboard {
  office: { code: string; name: string };
  asOf: string;
  obligations: {
    id: string;
    titleVi: string;
    titleEn: string;
    status: string;
    reporterVi: string;
    receiverVi: string;
    periods: DashboardPeriod[];
  }[];
}

const departmentName = new Map<string, string>(DEPARTMENTS.map((d) => [d.code, d.nameVi]));

function notFound(id: string): AppError {
  return appError('OBLIGATION.NOT_FOUND', `Không có nghĩa vụ báo cáo "${id}"`, `No reporting obligation "${id}"`, { path: 'obligationId' });
}

/** A grant acting for a party's member `code` (a department of it, a unit of it, the named role). */
function grantActsFor(g: Grant, p: Party, code: string | undefined): boolean {
  switch (p.kind) {
    case 'departments':
      return (
        g.role === 'district_specialist' &&
        g.unitCode === p.unitCode &&
        g.department !== undefined &&
        (code ? g.department === code : p.codes.includes(g.department as never))
      );
    case 'unit':
      return g.unitCode === p.unitCode && g.role === 'commune_official';
    case 'units':
      return g.role === 'commune_official' && (code ? g.unitCode === code : g.unitCode.startsWith(`${p.within}/`));
    case 'role':
      return g.role === p.role && g.unitCode === p.unitCode;
  }
}

function activeGrants(principal: Principal, now: Date): Grant[] {
  const iso = now.toISOString();
  return principal.grants.filter((g) => (!g.validFrom || g.validFrom <= iso) && (!g.validTo || g.validTo >= iso));
}

function forbidden(vi: string, en: string, path: string): AppError {
  return appError('ACCESS.FORBIDDEN', vi, en, { path, kind: 'forbidden' });
}

export function obligationsApp(deps: ObligationsDeps) {
  const { db, clock } = deps;

  async function load(id: string): Promise<ObligationRow> {
    const row = await db.reportingObligation.findUnique({ where: { id } });
    if (!row) throw notFound(id);
    return {
      obligation: JSON.parse(row.definition) as Obligation,
      version: row.version,
      status: row.status as ObligationRow['status'],
      createdBy: row.createdBy,
      createdAt: row.createdAt.toISOString(),
    };
  }

  function requireManage(principal: Principal, unitCode: string, now: Date): Grant {
    const refused = authorize(principal, { action: 'plan.manage', at: now.toISOString(), unitCode });
    if (refused) throw new AppError(refused);
    return activeGrants(principal, now).find((g) => unitCode === g.unitCode || unitCode.startsWith(`${g.unitCode}/`)) ?? activeGrants(principal, now)[0]!;
  }

  async function startWorkflow(o: Obligation, version: number): Promise<string | null> {
    if (!deps.temporal || !deps.taskQueue) return null;
    const workflowId = obligationWorkflowId(o.id);
    try {
      await deps.temporal.workflow.start(obligationWorkflow, { taskQueue: deps.taskQueue, workflowId, args: [{ obligation: o, version }] });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
    return workflowId;
  }

  async function transition(
    principal: Principal,
    req: { obligationId: string; periodKey: string; reporter: string; requestId?: string; documentRef?: string; reasonVi?: string },
    type: 'accept' | 'return' | 'resubmit',
  ) {
    const now = clock();
    const row = await load(req.obligationId);
    const o = row.obligation;
    const period = unwrap(findPeriod(o, req.periodKey));
    const grants = activeGrants(principal, now);
    const party = type === 'resubmit' ? o.reporter : o.receiver;
    const grant = grants.find((g) => grantActsFor(g, party, type === 'resubmit' ? req.reporter : undefined));
    if (!grant) {
      const who = describeParty(party);
      throw forbidden(`Chỉ ${who.vi} mới được làm việc này`, `Only ${who.en} may do this`, type === 'resubmit' ? 'reporter' : 'obligationId');
    }
    const existing = await db.reportingPeriodTask.findUnique({ where: { id: taskId(o.id, period.key, req.reporter) } });
    if (!existing) {
      throw appError(
        'OBLIGATION.NOT_SUBMITTED',
        `"${req.reporter}" chưa nộp báo cáo kỳ ${period.key}`,
        `"${req.reporter}" has not submitted the ${period.key} report`,
        {
          path: 'reporter',
        },
      );
    }
    const at = now.getTime() as InstantMs;
    const event: PeriodTaskEvent = type === 'return' ? { type, at, by: principal.userId, reasonVi: req.reasonVi ?? '' } : { type, at, by: principal.userId };
    const r = await applyTaskTransition(db, {
      eventId: req.requestId ?? randomUUID(),
      obligation: o,
      version: row.version,
      period,
      reporter: req.reporter,
      event,
      actorRole: grant.role,
      actorUnit: grant.unitCode,
      documentRef: req.documentRef ?? null,
    });
    return r.task;
  }

  return {
    load,

    /** Validates and records an obligation (audited), and starts its workflow. Nothing is written when it is refused. */
    async create(principal: Principal, input: unknown): Promise<{ obligation: Obligation; warnings: DomainError[]; workflowId: string | null }> {
      const now = clock();
      const valid = unwrap(loadObligation(input));
      const o = valid.obligation;
      const grant = requireManage(principal, o.ownerUnitCode, now);
      if (await db.reportingObligation.findUnique({ where: { id: o.id } })) {
        throw appError('OBLIGATION.EXISTS', `Đã có nghĩa vụ báo cáo mã "${o.id}"`, `An obligation "${o.id}" already exists`, { path: 'id' });
      }
      const workflowId = deps.temporal && deps.taskQueue ? obligationWorkflowId(o.id) : null;
      await recordObligationChange(db, {
        eventId: `${o.id}/created`,
        obligationId: o.id,
        action: 'obligation.created',
        at: now,
        actorId: principal.userId,
        actorRole: grant.role,
        actorUnit: grant.unitCode,
        status: 'active',
        definition: o,
        version: 1,
        workflowId,
      });
      await startWorkflow(o, 1);
      return { obligation: o, warnings: [...valid.warnings], workflowId };
    },

    async list(ownerUnitCode?: string): Promise<ObligationRow[]> {
      const rows = await db.reportingObligation.findMany({
        where: ownerUnitCode ? { OR: [{ ownerUnitCode }, { ownerUnitCode: { startsWith: `${ownerUnitCode}/` } }] } : {},
        orderBy: { id: 'asc' },
      });
      return rows.map((row) => ({
        obligation: JSON.parse(row.definition) as Obligation,
        version: row.version,
        status: row.status as ObligationRow['status'],
        createdBy: row.createdBy,
        createdAt: row.createdAt.toISOString(),
      }));
    },

    /** Pause, resume, change or retire a running obligation (the workflow's Update; it audits). */
    async control(
      principal: Principal,
      obligationId: string,
      req: Omit<ObligationControl, 'actor' | 'requestId'> & { requestId?: string },
    ): Promise<ObligationWorkflowStatus> {
      const now = clock();
      const row = await load(obligationId);
      const grant = requireManage(principal, row.obligation.ownerUnitCode, now);
      if (!deps.temporal) throw appError('TEMPORAL.UNAVAILABLE', 'Không kết nối được Temporal', 'Temporal is not connected', { kind: 'unavailable' });
      try {
        return await deps.temporal.workflow.getHandle(obligationWorkflowId(obligationId)).executeUpdate(obligationControlUpdate, {
          args: [{ ...req, requestId: req.requestId ?? randomUUID(), actor: { id: principal.userId, role: grant.role, unitCode: grant.unitCode } }],
        });
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) {
          throw appError(
            'OBLIGATION.NOT_RUNNING',
            `Nghĩa vụ "${obligationId}" không còn chạy (đã hết hiệu lực hoặc chấm dứt)`,
            `Obligation "${obligationId}" is not running (expired or retired)`,
            { path: 'obligationId', kind: 'conflict' },
          );
        }
        throw fromTemporal(e, obligationId);
      }
    },

    /** A reporter submits a period's report (with a document reference). Refused: a future period, twice, not a reporter. */
    async submit(principal: Principal, req: { obligationId: string; periodKey: string; reporter: string; documentRef: string; requestId?: string }) {
      const now = clock();
      const row = await load(req.obligationId);
      const o = row.obligation;
      if (!req.documentRef || req.documentRef.trim() === '') {
        throw appError('OBLIGATION.NO_DOCUMENT', 'Báo cáo phải kèm văn bản (số hiệu hoặc tệp)', 'A report needs its document (a number or a file)', {
          path: 'documentRef',
        });
      }
      const existing = await db.reportingPeriodTask.findMany({ where: { obligationId: o.id, reporter: req.reporter, status: { not: 'open' } } });
      const ok = unwrap(
        checkSubmission({
          obligation: o,
          periodKey: req.periodKey,
          reporter: req.reporter,
          at: now.getTime() as InstantMs,
          existing: existing.map((e) => ({ obligationId: e.obligationId, periodKey: e.periodKey, reporter: e.reporter })),
        }),
      );
      const grant = activeGrants(principal, now).find((g) => grantActsFor(g, o.reporter, req.reporter));
      if (!grant) {
        throw forbidden(`Bạn không báo cáo thay cho "${req.reporter}"`, `You do not report for "${req.reporter}"`, 'reporter');
      }
      const r = await applyTaskTransition(db, {
        eventId: req.requestId ?? randomUUID(),
        obligation: o,
        version: row.version,
        period: ok.period,
        reporter: req.reporter,
        event: { type: 'submit', at: now.getTime() as InstantMs, by: principal.userId },
        actorRole: grant.role,
        actorUnit: grant.unitCode,
        documentRef: req.documentRef.trim(),
      });
      return r.task;
    },

    resubmit: (principal: Principal, req: { obligationId: string; periodKey: string; reporter: string; documentRef: string; requestId?: string }) =>
      transition(principal, req, 'resubmit'),
    accept: (principal: Principal, req: { obligationId: string; periodKey: string; reporter: string; requestId?: string }) =>
      transition(principal, req, 'accept'),
    return: (principal: Principal, req: { obligationId: string; periodKey: string; reporter: string; reasonVi: string; requestId?: string }) =>
      transition(principal, req, 'return'),

    /** Per office: each obligation it owns, each period opened up to today, who has and has not reported — late ones first. */
    async dashboard(principal: Principal, officeUnitCode: string): Promise<ObligationDashboard> {
      const now = clock();
      const refused = authorize(principal, { action: 'report.read', at: now.toISOString(), unitCode: officeUnitCode });
      if (refused) throw new AppError(refused);
      return dashboardOf(db, officeUnitCode, now);
    },

    /** The forecast of the units registered in the office's plan year (default: this year, as of today). */
    async forecast(principal: Principal, officeUnitCode: string, year?: number): Promise<PlanForecast[]> {
      const now = clock();
      const refused = authorize(principal, { action: 'report.read', at: now.toISOString(), unitCode: officeUnitCode });
      if (refused) throw new AppError(refused);
      const today = localDateOf(now.getTime() as InstantMs);
      return planYearForecast(db, officeUnitCode, year ?? Number(today.slice(0, 4)), today);
    },
  };
}

export type ObligationsApp = ReturnType<typeof obligationsApp>;

/** The dashboard as data (no access check: callers check 'report.read' on the office). */
export async function dashboardOf(db: Db, officeUnitCode: string, now: Date): Promise<ObligationDashboard> {
  const today = localDateOf(now.getTime() as InstantMs);
  const rows = await db.reportingObligation.findMany({
    where: { OR: [{ ownerUnitCode: officeUnitCode }, { ownerUnitCode: { startsWith: `${officeUnitCode}/` } }] },
    orderBy: { id: 'asc' },
  });
  const office = (await unitNames(db, [officeUnitCode])).get(officeUnitCode) ?? officeUnitCode;
  const obligations: ObligationDashboard['obligations'] = [];
  for (const row of rows) {
    const o = JSON.parse(row.definition) as Obligation;
    const periods = periodsBetween(o, addCalendarDays(today, -366), addCalendarDays(today, 400))
      .filter((p) => p.opens <= today)
      .sort((a, b) => (a.due < b.due ? 1 : a.due > b.due ? -1 : 0));
    const reporters = await reportersOf(db, o.reporter);
    const names = await unitNames(db, reporters);
    const tasks = await db.reportingPeriodTask.findMany({ where: { obligationId: o.id, periodKey: { in: periods.map((p) => p.key) } } });
    const byId = new Map(tasks.map((t) => [t.id, t]));
    obligations.push({
      id: o.id,
      titleVi: o.titleVi,
      titleEn: o.titleEn,
      status: row.status,
      reporterVi: await partyName(db, o.reporter),
      receiverVi: await partyName(db, o.receiver),
      periods: periods.map((p) => periodRows(o, p, reporters, names, byId, now)),
    });
  }
  return { office: { code: officeUnitCode, name: office }, asOf: today, obligations };
}

/** A party by its names, for people to read (describeParty names codes). */
async function partyName(db: Db, p: Party): Promise<string> {
  switch (p.kind) {
    case 'departments':
      return p.codes.map((c) => departmentName.get(c) ?? c).join(', ');
    case 'role':
      return p.labelVi;
    case 'unit':
      return (await unitNames(db, [p.unitCode])).get(p.unitCode) ?? p.unitCode;
    case 'units': {
      const within = (await unitNames(db, [p.within])).get(p.within) ?? p.within;
      return p.level === 'commune' ? `Các xã thuộc ${within}` : `Các thôn, bản thuộc ${within}`;
    }
  }
}

function periodRows(
  o: Obligation,
  p: ObligationPeriod,
  reporters: readonly string[],
  names: Map<string, string>,
  tasks: Map<string, Awaited<ReturnType<Db['reportingPeriodTask']['findMany']>>[number]>,
  now: Date,
): DashboardPeriod {
  const overdue = now.getTime() > p.dueAt;
  const rows: DashboardRow[] = reporters.map((reporter) => {
    const t = tasks.get(taskId(o.id, p.key, reporter));
    const status = t?.status ?? 'open';
    const reported = status !== 'open' && status !== 'returned';
    const label = TASK_STATUS_LABELS[status] ?? { vi: status, en: status };
    return {
      reporter,
      name: names.get(reporter) ?? departmentName.get(reporter) ?? reporter,
      status,
      statusVi: label.vi,
      statusEn: label.en,
      reported,
      late: t?.late === true || (!reported && overdue),
      submittedAt: t?.firstSubmittedAt?.toISOString() ?? null,
      acceptedAt: t?.acceptedAt?.toISOString() ?? null,
      escalatedAt: t?.escalatedAt?.toISOString() ?? null,
      documentRef: t?.documentRef ?? null,
    };
  });
  const rank = (r: DashboardRow) => (r.late && !r.reported ? 0 : r.late ? 1 : !r.reported ? 2 : 3);
  rows.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'vi'));
  return {
    key: p.key,
    kindVi: PERIOD_KIND_LABELS[p.kind].vi,
    start: p.start,
    end: p.end,
    due: p.due,
    dueNoteVi: p.dueNoteVi,
    overdue,
    reported: rows.filter((r) => r.reported).length,
    total: rows.length,
    late: rows.filter((r) => r.late).length,
    rows,
  };
}

const vn = (iso: string | null): string => (iso ? formatVnDate(localDateOf(new Date(iso).getTime() as InstantMs)) : '');

/** The dashboard as an Excel workbook: one sheet, one row per reporter and period, late ones first within a period. */
export function dashboardWorkbook(d: ObligationDashboard): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bao cao dinh ky');
  ws.addRow([`Tình hình báo cáo định kỳ — ${d.office.name}`]);
  ws.addRow([`Tính đến ngày ${formatVnDate(d.asOf as LocalDate)}`]);
  ws.addRow([]);
  const header = ws.addRow(['Nghĩa vụ báo cáo', 'Kỳ', 'Hạn nộp', 'Đơn vị báo cáo', 'Tình trạng', 'Trễ hạn', 'Ngày nộp', 'Ngày tiếp nhận', 'Văn bản']);
  header.font = { bold: true };
  for (const o of d.obligations) {
    for (const p of o.periods) {
      for (const r of p.rows) {
        ws.addRow([
          o.titleVi,
          p.key,
          formatVnDate(p.due as LocalDate),
          r.name,
          r.statusVi,
          r.late ? 'Trễ hạn' : '',
          vn(r.submittedAt),
          vn(r.acceptedAt),
          r.documentRef ?? '',
        ]);
      }
    }
  }
  ws.columns.forEach((c, i) => (c.width = [48, 10, 12, 36, 14, 10, 12, 14, 24][i] ?? 12));
  return wb;
}

// ---- forecast ---------------------------------------------------------------------------------

/**
 * A unit's criteria marks over time, as forecast points: one point per distinct (asOf, set) the unit
 * has rows for, each the FULL state as of that date in that set (per criterion the newest row on or
 * before it), so an import that lists only the criteria that changed still counts every criterion.
 */
export async function markHistory(db: Db, unitCodes: readonly string[], upTo: LocalDate): Promise<Record<string, MarkPoint[]>> {
  const rows = await db.criteriaMark.findMany({ where: { unitCode: { in: [...unitCodes] }, asOf: { lte: upTo } }, orderBy: [{ asOf: 'asc' }] });
  const out: Record<string, MarkPoint[]> = {};
  const byUnit = new Map<string, typeof rows>();
  for (const r of rows) byUnit.set(r.unitCode, [...(byUnit.get(r.unitCode) ?? []), r]);
  for (const [unit, marks] of byUnit) {
    const pairs = [...new Set(marks.map((m) => `${m.asOf}|${m.setId}`))].sort();
    out[unit] = pairs.map((pair) => {
      const [asOf, setId] = pair.split('|') as [string, string];
      const latest = new Map<string, (typeof marks)[number]>();
      for (const m of marks) if (m.setId === setId && m.asOf <= asOf) latest.set(m.criterion, m);
      const met = [...latest.values()].filter((m) => m.met).map((m) => m.criterion);
      const batch = marks.find((m) => m.asOf === asOf && m.setId === setId)?.batchId;
      return {
        date: asOf as LocalDate,
        met,
        criteriaSetId: setId,
        source: batch?.startsWith('dossier') ? 'dossier' : 'import',
        ...(batch ? { ref: batch } : {}),
      } satisfies MarkPoint;
    });
  }
  return out;
}

/**
 * The forecast of every unit registered in the plan years of `year` within `scopeCode` (a district's
 * plan, or the province's and its districts'), as of `asOf`. Plans that do not parse are skipped.
 */
export async function planYearForecast(db: Db, scopeCode: string, year: number, asOf: LocalDate): Promise<PlanForecast[]> {
  const plans = (await db.plan.findMany({ where: { year }, orderBy: { unitCode: 'asc' } })).filter(
    (p) => p.unitCode === scopeCode || p.unitCode.startsWith(`${scopeCode}/`) || scopeCode.startsWith(`${p.unitCode}/`),
  );
  const out: PlanForecast[] = [];
  for (const p of plans) {
    let data: unknown;
    try {
      data = JSON.parse(p.data);
    } catch {
      continue;
    }
    const plan = loadPlanYear(data);
    if (!plan.ok) continue;
    const regs = plan.value.registrations.filter((r) => r.unitCode === scopeCode || r.unitCode.startsWith(`${scopeCode}/`) || p.unitCode === scopeCode);
    if (regs.length === 0) continue;
    const history = await markHistory(
      db,
      regs.map((r) => r.unitCode),
      asOf,
    );
    const f = forecastPlan({ ...plan.value, registrations: regs }, history, asOf);
    if (f.ok) out.push(f.value);
  }
  return out;
}
