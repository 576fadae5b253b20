/**
 * What the pages read, gathered through the DossierService (which authorises) plus a few display-only
 * lookups (unit names, people's names, plan deadlines, reminders already sent).
 */
import type { Principal } from '../../domain/access';
import { loadPlanYear, type LocalDate } from '../../domain/calendar';
import { dossierDeadlines, stageDone, type DossierState } from '../../domain/dossier';
import type { TitleId } from '../../domain/titles';
import type { Db } from '../../prisma/db';
import type { DossierService, ListFilter } from '../service';

export interface NextDeadline {
  id: string;
  stage: string;
  descriptionVi: string;
  due: LocalDate;
}

type PlanRow = { year: number; unitCode: string; data: string };

/** Plan deadlines of a dossier, from the plan year of its district or province (as the service starts it). */
export function deadlinesOf(plans: readonly PlanRow[], unitCode: string, title: string, planYear: number): NextDeadline[] {
  const plan = plans
    .filter((p) => p.year === planYear && (unitCode === p.unitCode || unitCode.startsWith(`${p.unitCode}/`)))
    .sort((a, b) => b.unitCode.length - a.unitCode.length)[0];
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

export type ListItem = Awaited<ReturnType<DossierService['list']>>['items'][number];
export type DashboardItem = ListItem & { next?: NextDeadline; state: DossierState };

/** Every dossier matching the filter in the person's jurisdiction (the service authorises), with states. */
export async function allInScope(service: DossierService, db: Db, principal: Principal, f: Omit<ListFilter, 'page' | 'pageSize'>, limit = 2000): Promise<DashboardItem[]> {
  const items: ListItem[] = [];
  for (let page = 1; items.length < limit; page++) {
    const r = await service.list(principal, { ...f, page, pageSize: 100 });
    items.push(...r.items);
    if (items.length >= r.total || r.items.length === 0) break;
  }
  const [rows, plans] = await Promise.all([
    db.dossier.findMany({ where: { id: { in: items.map((i) => i.id) } }, select: { id: true, state: true } }),
    db.plan.findMany({ select: { year: true, unitCode: true, data: true } }),
  ]);
  const states = new Map(rows.map((r) => [r.id, JSON.parse(r.state) as DossierState]));
  return items.map((i) => {
    const state = states.get(i.id)!;
    const next = nextDeadline(deadlinesOf(plans, i.unitCode, i.title, i.planYear), state);
    return { ...i, state, ...(next ? { next } : {}) };
  });
}

export async function unitNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.unit.findMany({ where: { code: { in: [...new Set(codes)] } }, select: { code: true, name: true } });
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function peopleNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, displayName: true } });
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** Reminders and escalations the engine sent about this dossier (inbox rows, one per recipient). */
export async function remindersOf(db: Db, dossierId: string) {
  return db.notification.findMany({ where: { dossierId, channel: 'inbox' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
}
