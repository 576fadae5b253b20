/**
 * Plan the year (kế hoạch năm), issue 14 — pages registered inside the office plugin (api/ui/office.ts:
 * its CSRF, sign-in and error page), everything through app/plan-editing:
 *
 *   GET  /ui/plans                     the plan years in the office's scope; a new year copied from one of them
 *   POST /ui/plans                     create it
 *   GET  /ui/plans/edit?id=            one plan: registrations, each stage's deadline (dd/mm/yyyy), the reminder
 *                                      schedule, the reason; paste a table copied from the spreadsheet; start the campaign
 *   POST /ui/plans/save, /ui/plans/import, /ui/plans/campaign
 *
 * The version token (the plan's updatedAt) travels in a hidden field: a second office saving the same
 * version is refused in words, nothing lost.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatVnDate, type PlanYear } from '../../domain/calendar';
import { AppError } from '../../domain/errors';
import { PLAN_SHEET_HEADER } from '../../domain/plan';
import { TITLE_DEFINITIONS } from '../../domain/titles';
import { displayName } from '../../domain/units';
import type { Application } from '../../app';
import type { PlanView, ReplanLine } from '../../app/plan-editing';
import type { SignedIn } from '../../app/sessions';
import type { FormBody } from './actions';
import { bi, L, titleLabel, txt, vnDateTime, type Lang } from './format';
import { html, type Html } from './html';
import { page, type Flash, type PageContext } from './layout';

export interface PlanPagesDeps {
  application: Application;
  ctxOf: (req: FastifyRequest, reply: FastifyReply) => PageContext;
  send: (reply: FastifyReply, body: string, status?: number) => FastifyReply;
  signedIn: (req: FastifyRequest, reply: FastifyReply) => SignedIn | undefined;
}

const one = (b: FormBody, k: string): string => {
  const v = b[k];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};
const planUrl = (id: string) => `/ui/plans/edit?id=${encodeURIComponent(id)}`;
const PLAN_TITLES = TITLE_DEFINITIONS.filter((t) => t.id !== 'district.dat-chuan');

function refusalFlash(e: unknown): Flash {
  if (!(e instanceof AppError) || e.kind === 'internal' || e.kind === 'unavailable') throw e;
  const rejected = (e.details?.rejected as { faults: { messageVi: string; messageEn: string }[] }[] | undefined) ?? [];
  // The message names the first fault; the others follow, each language in its own text.
  const faults = rejected.flatMap((r) => r.faults).slice(1);
  return {
    kind: 'error',
    message: L(
      [e.messageVi, ...faults.map((f) => f.messageVi)].join(' · '),
      [`${e.messageEn}${e.path ? ` [${e.path}]` : ''}`, ...faults.map((f) => f.messageEn)].join(' · '),
    ),
  };
}

function listBody(lang: Lang, csrf: string, plans: PlanView[]): Html {
  return html`<section aria-labelledby="h-plans"><h2 id="h-plans">${bi(lang, L('Các kế hoạch năm', 'Plan years'))}</h2>
  ${
    plans.length === 0
      ? html`<p class="muted">${bi(lang, L('Chưa có kế hoạch năm nào trong địa bàn của bạn', 'No plan year in your area yet'))}</p>`
      : html`<table><caption class="sr-only">${txt(lang, L('Kế hoạch năm', 'Plan years'))}</caption><thead><tr>
          <th scope="col">${bi(lang, L('Năm', 'Year'))}</th><th scope="col">${bi(lang, L('Đơn vị', 'Unit'))}</th>
          <th scope="col">${bi(lang, L('Đăng ký', 'Registrations'))}</th><th scope="col">${bi(lang, L('Hồ sơ đang chạy', 'Running dossiers'))}</th>
          <th scope="col">${bi(lang, L('Sửa lần cuối', 'Last changed'))}</th></tr></thead><tbody>
          ${plans.map(
            (p) => html`<tr><td><a href="${planUrl(p.id)}">${p.year}</a></td><td>${p.unitName}</td><td>${p.plan.registrations.length}</td>
              <td>${p.running} / ${p.dossiers}</td><td>${vnDateTime(p.version)}</td></tr>`,
          )}</tbody></table>`
  }</section>
  <section aria-labelledby="h-new"><h2 id="h-new">${bi(lang, L('Lập kế hoạch năm mới', 'New plan year'))}</h2>
  ${
    plans.length === 0
      ? ''
      : html`<form method="post" action="/ui/plans"><input type="hidden" name="_csrf" value="${csrf}">
      <p><label for="year">${bi(lang, L('Năm kế hoạch', 'Plan year'))}</label> <input id="year" name="year" inputmode="numeric" required pattern="\\d{4}"></p>
      <p><label for="from">${bi(lang, L('Sao chép từ kế hoạch (ngày dời theo năm)', 'Copy from plan (dates moved to the new year)'))}</label>
      <select id="from" name="from">${plans.map((p) => html`<option value="${p.id}">${p.year} — ${p.unitName}</option>`)}</select></p>
      <button type="submit" class="primary">${txt(lang, L('Lập kế hoạch', 'Create the plan'))}</button></form>`
  }</section>`;
}

function titleSelect(lang: Lang, name: string, id: string, value: string): Html {
  return html`<select id="${id}" name="${name}"><option value="">${txt(lang, L('— bỏ trống —', '— none —'))}</option>${PLAN_TITLES.map(
    (t) => html`<option value="${t.id}" ${t.id === value ? 'selected' : ''}>${txt(lang, titleLabel(t.id))}</option>`,
  )}</select>`;
}

function editBody(lang: Lang, csrf: string, v: PlanView, units: { code: string; name: string }[], replanned: ReplanLine[]): Html {
  const p = v.plan;
  const hidden = html`<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="id" value="${v.id}"><input type="hidden" name="version" value="${v.version}">`;
  const regRows = [
    ...p.registrations.map((r) => ({ unitCode: r.unitCode, title: r.title as string })),
    { unitCode: '', title: '' },
    { unitCode: '', title: '' },
  ];
  return html`<p>${bi(lang, L(`Phiên bản lưu lúc ${vnDateTime(v.version)} · ${v.running} hồ sơ đang chạy / ${v.dossiers} hồ sơ`, `Version saved ${vnDateTime(v.version)} · ${v.running} running of ${v.dossiers} dossiers`))}</p>
  ${
    replanned.length > 0
      ? html`<div class="flash ok" role="status"><p>${txt(lang, L(`Đang áp dụng hạn mới cho ${replanned.length} hồ sơ đang chạy: mỗi hồ sơ ghi thay đổi vào dòng thời gian khi đã áp dụng`, `Applying the new deadlines to ${replanned.length} running dossiers: each dossier's timeline shows the change once applied`))}</p>
        <ul>${replanned.map((l) => html`<li>${units.find((u) => u.code === l.unitCode)?.name ?? l.unitCode}: ${l.outcome === 'refused' ? (l.messageVi ?? '') : l.outcome === 'replanned' ? txt(lang, L('đã đổi lịch nhắc hạn', 'reminders re-planned')) : txt(lang, L('đang áp dụng', 'being applied'))}</li>`)}</ul></div>`
      : ''
  }
  <form method="post" action="/ui/plans/save">${hidden}
  <fieldset><legend>${bi(lang, L('Đơn vị đăng ký', 'Registrations'))}</legend>
  <table><thead><tr><th scope="col">${bi(lang, L('Đơn vị', 'Unit'))}</th><th scope="col">${bi(lang, L('Danh hiệu', 'Title'))}</th></tr></thead><tbody>
  ${regRows.map(
    (r, i) => html`<tr><td><label class="sr-only" for="reg-${i}-unit">${txt(lang, L(`Đơn vị dòng ${i + 1}`, `Unit, row ${i + 1}`))}</label>
      <select id="reg-${i}-unit" name="reg.${i}.unit"><option value="">${txt(lang, L('— bỏ trống —', '— none —'))}</option>${units.map((u) => html`<option value="${u.code}" ${u.code === r.unitCode ? 'selected' : ''}>${u.name}</option>`)}</select></td>
      <td><label class="sr-only" for="reg-${i}-title">${txt(lang, L(`Danh hiệu dòng ${i + 1}`, `Title, row ${i + 1}`))}</label>${titleSelect(lang, `reg.${i}.title`, `reg-${i}-title`, r.title)}</td></tr>`,
  )}</tbody></table></fieldset>
  <fieldset><legend>${bi(lang, L('Thời hạn từng bước', 'Deadline of each stage'))}</legend>
  ${p.deadlines.map(
    (d, i) =>
      html`<p><label for="due-${i}">${d.descriptionVi}</label> <input id="due-${i}" name="due.${i}" value="${formatVnDate(d.due)}" placeholder="dd/mm/yyyy" inputmode="numeric" required></p>`,
  )}</fieldset>
  <fieldset><legend>${bi(lang, L('Lịch nhắc hạn', 'Reminder schedule'))}</legend>
  <p><label for="daysBefore">${bi(lang, L('Nhắc trước hạn (số ngày, cách nhau bằng dấu phẩy)', 'Remind before (days, comma-separated)'))}</label> <input id="daysBefore" name="daysBefore" value="${p.reminderPolicy.daysBefore.join(', ')}"></p>
  <p><label for="overdueEveryDays">${bi(lang, L('Nhắc lại khi quá hạn, mỗi (ngày)', 'Repeat when overdue, every (days)'))}</label> <input id="overdueEveryDays" name="overdueEveryDays" inputmode="numeric" value="${p.reminderPolicy.overdueEveryDays}"></p></fieldset>
  <p><label for="reason">${bi(lang, L('Lý do thay đổi (bắt buộc khi đổi hạn của hồ sơ đang chạy)', 'Reason (required when running dossiers’ deadlines move)'))}</label><br><textarea id="reason" name="reasonVi" rows="2" cols="70"></textarea></p>
  <button type="submit" class="primary">${txt(lang, L('Lưu kế hoạch', 'Save the plan'))}</button></form>
  <section aria-labelledby="h-import"><h2 id="h-import">${bi(lang, L('Nhập từ bảng tính', 'Import from a spreadsheet'))}</h2>
  <form method="post" action="/ui/plans/import">${hidden}
  <p><label for="sheet">${bi(lang, L(`Dán bảng (sao chép từ Excel, hoặc CSV), dòng đầu: ${PLAN_SHEET_HEADER.join(', ')}`, `Paste the table (copied from Excel, or CSV); first line: ${PLAN_SHEET_HEADER.join(', ')}`))}</label><br>
  <textarea id="sheet" name="sheet" rows="8" cols="90" required></textarea></p>
  <p><label for="reason2">${bi(lang, L('Lý do thay đổi', 'Reason'))}</label> <input id="reason2" name="reasonVi" size="60"></p>
  <button type="submit">${txt(lang, L('Nhập bảng', 'Import the table'))}</button></form></section>
  <section aria-labelledby="h-campaign"><h2 id="h-campaign">${bi(lang, L('Chiến dịch', 'Campaign'))}</h2>
  <form method="post" action="/ui/plans/campaign">${hidden}<button type="submit">${txt(lang, L('Bắt đầu chiến dịch', 'Start the campaign'))}</button></form></section>`;
}

/** The form → the plan it asks for (validated whole by app/plan-editing; this only reads the fields). */
function planFromForm(p: PlanYear, b: FormBody, units: { code: string; name: string }[]): unknown {
  const registrations: unknown[] = [];
  for (let i = 0; i < 500 && b[`reg.${i}.unit`] !== undefined; i++) {
    const unitCode = one(b, `reg.${i}.unit`);
    const title = one(b, `reg.${i}.title`);
    if (!unitCode && !title) continue;
    const before = p.registrations.find((r) => r.unitCode === unitCode && r.title === title);
    registrations.push(before ?? { unitCode, unitName: units.find((u) => u.code === unitCode)?.name ?? unitCode, title });
  }
  const daysBefore = one(b, 'daysBefore')
    .split(/[,;\s]+/)
    .filter(Boolean)
    .map(Number);
  return {
    ...p,
    registrations,
    deadlines: p.deadlines.map((d, i) => ({ ...d, due: one(b, `due.${i}`) })),
    reminderPolicy: { ...p.reminderPolicy, daysBefore, overdueEveryDays: Number(one(b, 'overdueEveryDays')) },
  };
}

/** Moves a plan to another year: every date's year, the plan's year, and "năm 2024" in a step's wording. */
function copyToYear(p: PlanYear, year: number): unknown {
  const moved = JSON.parse(JSON.stringify({ ...p, year }).replace(new RegExp(`"${p.year}-`, 'g'), `"${year}-`)) as PlanYear;
  return {
    ...moved,
    deadlines: moved.deadlines.map((d) => ({ ...d, descriptionVi: d.descriptionVi.replace(new RegExp(`năm ${p.year}\\b`, 'g'), `năm ${year}`) })),
  };
}

export function registerPlanPages(app: FastifyInstance, deps: PlanPagesDeps): void {
  const plans = deps.application.plans;
  const csrfHook = (app as unknown as { csrfProtection: never }).csrfProtection;
  // The units a plan year can register: below the plan's unit and in force at some time of that year (a
  // 2027 plan of the province lists its 45 post-merger communes, not the abolished ones too); the units
  // already registered stay listed whatever their period, so a form never drops a registration silently.
  const unitsIn = async (v: PlanView) => {
    const registered = new Set(v.plan.registrations.map((r) => r.unitCode));
    const inYear = (u: { validFrom?: string; validTo?: string }) =>
      (!u.validFrom || u.validFrom <= `${v.year}-12-31`) && (!u.validTo || u.validTo >= `${v.year}-01-01`);
    return (await deps.application.dossiers.units())
      .filter((u) => (u.level === 'commune' || u.level === 'village') && u.code.startsWith(`${v.unitCode}/`) && (inYear(u) || registered.has(u.code)))
      .map((u) => ({ code: u.code, name: displayName(u) }));
  };

  async function renderEdit(req: FastifyRequest, reply: FastifyReply, user: SignedIn, id: string, flash?: Flash, replanned: ReplanLine[] = [], status = 200) {
    const ctx = deps.ctxOf(req, reply);
    const v = await plans.get(user.principal, id);
    const title = L(`Kế hoạch năm ${v.year} — ${v.unitName}`, `${v.year} plan — ${v.unitName}`);
    return deps.send(reply, page(ctx, title, editBody(ctx.lang, ctx.csrf ?? '', v, await unitsIn(v), replanned), flash), status);
  }
  async function renderList(req: FastifyRequest, reply: FastifyReply, user: SignedIn, flash?: Flash, status = 200) {
    const ctx = deps.ctxOf(req, reply);
    return deps.send(reply, page(ctx, L('Kế hoạch năm', 'Plan the year'), listBody(ctx.lang, ctx.csrf ?? '', await plans.list(user.principal)), flash), status);
  }
  const ok = (vi: string, en: string): Flash => ({ kind: 'ok', message: L(vi, en) });

  app.get('/ui/plans', { schema: { hide: true } }, async (req, reply) => {
    const user = deps.signedIn(req, reply);
    if (!user) return reply;
    return renderList(req, reply, user);
  });
  app.post('/ui/plans', { schema: { hide: true }, preHandler: csrfHook }, async (req, reply) => {
    const user = deps.signedIn(req, reply);
    if (!user) return reply;
    const b = (req.body ?? {}) as FormBody;
    try {
      const from = await plans.get(user.principal, one(b, 'from'));
      const year = Number(one(b, 'year'));
      const created = await plans.create(user.principal, copyToYear(from.plan, year), `Lập từ kế hoạch năm ${from.year}`);
      return reply.redirect(`${planUrl(created.id)}&done=created`, 303);
    } catch (e) {
      return renderList(req, reply, user, refusalFlash(e), 400);
    }
  });
  app.get('/ui/plans/edit', { schema: { hide: true } }, async (req, reply) => {
    const user = deps.signedIn(req, reply);
    if (!user) return reply;
    const q = req.query as Record<string, string | undefined>;
    const flash = q.done === 'created' ? ok('Đã lập kế hoạch', 'Plan created') : q.done === 'saved' ? ok('Đã lưu kế hoạch', 'Plan saved') : undefined;
    return renderEdit(req, reply, user, q.id ?? '', flash);
  });
  app.post('/ui/plans/save', { schema: { hide: true }, preHandler: csrfHook }, async (req, reply) => {
    const user = deps.signedIn(req, reply);
    if (!user) return reply;
    const b = (req.body ?? {}) as FormBody;
    const id = one(b, 'id');
    try {
      const v = await plans.get(user.principal, id);
      const saved = await plans.save(user.principal, id, {
        plan: planFromForm(v.plan, b, await unitsIn(v)),
        version: one(b, 'version'),
        reasonVi: one(b, 'reasonVi') || undefined,
      });
      return renderEdit(req, reply, user, id, ok('Đã lưu kế hoạch (đã ghi nhật ký)', 'Plan saved (audited)'), saved.replanned);
    } catch (e) {
      return renderEdit(req, reply, user, id, refusalFlash(e), [], 400);
    }
  });
  app.post('/ui/plans/import', { schema: { hide: true }, preHandler: csrfHook }, async (req, reply) => {
    const user = deps.signedIn(req, reply);
    if (!user) return reply;
    const b = (req.body ?? {}) as FormBody;
    const id = one(b, 'id');
    try {
      const saved = await plans.importSheet(user.principal, id, {
        filename: 'bang-ke-hoach.csv',
        bytes: Buffer.from(String(b.sheet ?? ''), 'utf8'),
        version: one(b, 'version'),
        reasonVi: one(b, 'reasonVi') || undefined,
      });
      return renderEdit(req, reply, user, id, ok(`Đã nhập ${saved.rows} dòng`, `${saved.rows} rows imported`), saved.replanned);
    } catch (e) {
      return renderEdit(req, reply, user, id, refusalFlash(e), [], 400);
    }
  });
  app.post('/ui/plans/campaign', { schema: { hide: true }, preHandler: csrfHook }, async (req, reply) => {
    const user = deps.signedIn(req, reply);
    if (!user) return reply;
    const b = (req.body ?? {}) as FormBody;
    const id = one(b, 'id');
    try {
      const r = await plans.startCampaign(user.principal, id);
      const flash = r.started
        ? ok(
            `Đã bắt đầu chiến dịch: mở ${r.registrations} hồ sơ theo đăng ký, nhắc hạn theo kế hoạch`,
            `Campaign started: ${r.registrations} dossiers opened, reminders as planned`,
          )
        : ok('Chiến dịch của kế hoạch này đã được bắt đầu trước đó: không có gì thay đổi', 'This plan’s campaign was already started: nothing changed');
      return renderEdit(req, reply, user, id, flash);
    } catch (e) {
      return renderEdit(req, reply, user, id, refusalFlash(e), [], 400);
    }
  });
}
