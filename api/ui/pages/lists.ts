/** Sign-in, the office dashboard, my inbox and the audit trail page. */
import type { AuditView } from '../../../app/audit';
import {
  actionLabel,
  bi,
  countdown,
  dossierPath,
  L,
  noticeKindLabel,
  roleLabel,
  stageLabel,
  titleLabel,
  txt,
  vnDate,
  vnDateTime,
  withQuery,
  type Lang,
} from '../format';
import { html, type Html } from '../html';
import type { DashboardItem } from '../../../app/read-models';
import type { PageContext } from '../layout';
import { STAGES } from '../../../domain/dossier';
import { TITLE_IDS } from '../../../domain/titles';
import type { OfferedAction } from '../actions';

export function signInBody(ctx: PageContext, opts: { next: string; username?: string; error?: { vi: string; en: string } }): Html {
  const { lang } = ctx;
  return html`<form method="post" action="/ui/sign-in" class="signin" novalidate>
    <input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">
    <input type="hidden" name="next" value="${opts.next}">
    ${opts.error ? html`<div class="flash error" role="alert" id="signin-error">${bi(lang, opts.error)}</div>` : ''}
    <div class="field"><label for="username">${bi(lang, L('Tên đăng nhập', 'Username'))}</label>
      <input id="username" name="username" autocomplete="username" required value="${opts.username ?? ''}" ${opts.error ? html`aria-describedby="signin-error"` : ''}></div>
    <div class="field"><label for="password">${bi(lang, L('Mật khẩu', 'Password'))}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required></div>
    <button type="submit" class="primary">${txt(lang, L('Đăng nhập', 'Sign in'))}</button>
  </form>`;
}

export interface DashboardQuery {
  district?: string;
  unit?: string;
  title?: string;
  planYear?: number;
  stage?: string;
  late?: boolean;
  page: number;
}

export const PAGE_SIZE = 20;

function dueCell(lang: Lang, i: DashboardItem, now: Date): Html {
  if (!i.next) return html`<span class="muted">—</span>`;
  const c = countdown(i.next.due, now);
  return html`${vnDate(i.next.due)} <span class="${c.cls}">${bi(lang, c.label)}</span><br><small class="muted">${i.next.descriptionVi}</small>`;
}

function awaitingCell(lang: Lang, i: DashboardItem, units: Map<string, string>): Html {
  const seen = new Set<string>();
  const rows = i.awaiting.filter((a) => {
    const k = `${a.role}|${a.action}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  if (rows.length === 0) return html`<span class="muted">—</span>`;
  return html`${rows.map((a) => html`<div>${bi(lang, roleLabel(a.role))} <small>(${units.get(a.unitCode) ?? a.unitCode})</small>: ${txt(lang, actionLabel(a.action))}${a.role.endsWith('specialist') ? ` ×${i.awaiting.filter((x) => x.action === a.action).length}` : ''}</div>`)}`;
}

export function dossierTable(ctx: PageContext, items: readonly DashboardItem[], units: Map<string, string>): Html {
  const { lang, now } = ctx;
  if (items.length === 0) return html`<p class="muted">${bi(lang, L('Không có hồ sơ nào', 'No dossiers'))}</p>`;
  return html`<table class="dossiers"><thead><tr>
    <th scope="col">${bi(lang, L('Đơn vị', 'Unit'))}</th><th scope="col">${bi(lang, L('Danh hiệu', 'Title'))}</th><th scope="col">${bi(lang, L('Năm', 'Year'))}</th>
    <th scope="col">${bi(lang, L('Bước', 'Stage'))}</th><th scope="col">${bi(lang, L('Chờ ai xử lý', 'Who acts next'))}</th><th scope="col">${bi(lang, L('Hạn tiếp theo', 'Next deadline'))}</th>
  </tr></thead><tbody>
  ${items.map((i) => {
    const overdue = i.next && countdown(i.next.due, now).cls === 'late';
    return html`<tr class="${i.late || overdue ? 'row-late' : ''}" data-dossier="${i.id}">
      <td><a href="${dossierPath(i.id)}">${i.unitName}</a>${parentName(i.unitCode, units)}</td>
      <td>${bi(lang, titleLabel(i.title))}</td><td>${i.planYear}</td>
      <td><span class="badge stage-${i.stage}">${bi(lang, stageLabel(i.stage))}</span>${i.late ? html` <span class="badge late-badge">${bi(lang, L('trễ hạn', 'late'))}</span>` : ''}${i.decisionNumber ? html`<br><small>${i.decisionNumber}</small>` : ''}</td>
      <td>${awaitingCell(lang, i, units)}</td>
      <td>${dueCell(lang, i, now)}</td></tr>`;
  })}</tbody></table>`;
}

/** Under a unit's name, the unit it belongs to (district, or commune for a village) by name — never its code. */
function parentName(unitCode: string, units: Map<string, string>): Html {
  const parent = units.get(unitCode.split('/').slice(0, -1).join('/'));
  return parent ? html`<br><small>${parent}</small>` : html``;
}

function pager(ctx: PageContext, q: DashboardQuery, total: number, base: string): Html {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (pages === 1) return html``;
  const link = (p: number) =>
    withQuery(base, {
      district: q.district,
      unit: q.unit,
      title: q.title,
      planYear: q.planYear,
      stage: q.stage,
      late: q.late ? 'true' : undefined,
      lang: ctx.lang === 'en' ? 'en' : undefined,
      page: p,
    });
  return html`<nav class="pager" aria-label="${txt(ctx.lang, L('Trang', 'Pages'))}">
    ${q.page > 1 ? html`<a href="${link(q.page - 1)}" rel="prev">‹ ${txt(ctx.lang, L('Trước', 'Previous'))}</a>` : ''}
    <span>${txt(ctx.lang, L(`Trang ${q.page}/${pages}`, `Page ${q.page} of ${pages}`))} · ${total} ${txt(ctx.lang, L('hồ sơ', 'dossiers'))}</span>
    ${q.page < pages ? html`<a href="${link(q.page + 1)}" rel="next">${txt(ctx.lang, L('Sau', 'Next'))} ›</a>` : ''}
  </nav>`;
}

export function dashboardBody(
  ctx: PageContext,
  q: DashboardQuery,
  all: readonly DashboardItem[],
  shown: readonly DashboardItem[],
  units: Map<string, string>,
  districts: { code: string; name: string }[],
  communes: { code: string; name: string }[],
  years: number[],
  /** Issue 16: the plan year's forecast section (api/ui/obligations forecastSection), when the caller has it. */
  forecast?: Html,
): Html {
  const { lang, now } = ctx;
  const byStage = new Map<string, number>();
  for (const i of all) byStage.set(i.stage, (byStage.get(i.stage) ?? 0) + 1);
  const late = all.filter((i) => i.late).length;
  const dueSoon = all.filter((i) => i.next && countdown(i.next.due, now).cls !== 'ok').sort((a, b) => (a.next!.due < b.next!.due ? -1 : 1));
  const thisWeek = dueSoon.filter((i) => countdown(i.next!.due, now).cls === 'soon');
  const overdue = dueSoon.filter((i) => countdown(i.next!.due, now).cls === 'late');
  const opt = (value: string, label: string, current?: string) => html`<option value="${value}" ${current === value ? html`selected` : ''}>${label}</option>`;
  const office = ctx.user?.principal.grants.some((g) => g.role === 'district_office' || g.role === 'provincial_office');
  return html`
  ${office ? html`<p class="page-links"><a href="/ui/open" data-testid="open-link">${bi(lang, L('Mở hồ sơ (một hoặc tất cả theo kế hoạch)', 'Open dossiers (one, or all of a plan)'))}</a></p>` : ''}
  <form method="get" action="/ui/" class="filters" role="search">
    ${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
    ${districts.length > 0 ? html`<div class="field"><label for="f-district">${bi(lang, L('Huyện', 'District'))}</label><select id="f-district" name="district">${opt('', txt(lang, L('Tất cả', 'All')))}${districts.map((d) => opt(d.code, d.name, q.district))}</select></div>` : ''}
    <div class="field"><label for="f-unit">${bi(lang, L('Xã / đơn vị', 'Commune / unit'))}</label><select id="f-unit" name="unit">${opt('', txt(lang, L('Tất cả', 'All')))}${communes.map((d) => opt(d.code, d.name, q.unit))}</select></div>
    <div class="field"><label for="f-title">${bi(lang, L('Danh hiệu', 'Title'))}</label><select id="f-title" name="title">${opt('', txt(lang, L('Tất cả', 'All')))}${TITLE_IDS.map((t) => opt(t, txt(lang, titleLabel(t)), q.title))}</select></div>
    <div class="field"><label for="f-year">${bi(lang, L('Năm kế hoạch', 'Plan year'))}</label><select id="f-year" name="planYear">${opt('', txt(lang, L('Tất cả', 'All')))}${years.map((y) => opt(String(y), String(y), q.planYear ? String(q.planYear) : undefined))}</select></div>
    <div class="field"><label for="f-stage">${bi(lang, L('Bước', 'Stage'))}</label><select id="f-stage" name="stage">${opt('', txt(lang, L('Tất cả', 'All')))}${STAGES.map((s) => opt(s, txt(lang, stageLabel(s)), q.stage))}</select></div>
    <div class="field check"><label><input type="checkbox" name="late" value="true" ${q.late ? html`checked` : ''}> ${bi(lang, L('Chỉ hồ sơ trễ hạn', 'Late only'))}</label></div>
    <button type="submit">${txt(lang, L('Lọc', 'Filter'))}</button> <a href="/ui/${lang === 'en' ? '?lang=en' : ''}">${txt(lang, L('Bỏ lọc', 'Clear'))}</a>
  </form>
  <section class="tiles" aria-label="${txt(lang, L('Tổng quan', 'Overview'))}">
    <div class="tile"><span class="n">${all.length}</span> ${bi(lang, L('hồ sơ', 'dossiers'))}</div>
    <div class="tile ${late ? 'late' : ''}"><span class="n" data-testid="late-count">${late}</span> ${bi(lang, L('trễ hạn', 'late'))}</div>
    <div class="tile ${overdue.length ? 'late' : ''}"><span class="n">${overdue.length}</span> ${bi(lang, L('quá hạn chưa xong', 'overdue, not done'))}</div>
    <div class="tile ${thisWeek.length ? 'soon' : ''}"><span class="n" data-testid="due-week">${thisWeek.length}</span> ${bi(lang, L('đến hạn trong 7 ngày', 'due within 7 days'))}</div>
    ${STAGES.filter((s) => byStage.has(s)).map((s) => html`<a class="tile stage" href="${withQuery('/ui/', { ...q, late: q.late ? 'true' : undefined, page: undefined, stage: s, lang: lang === 'en' ? 'en' : undefined })}"><span class="n">${byStage.get(s)}</span> ${bi(lang, stageLabel(s))}</a>`)}
  </section>
  ${forecast ?? ''}
  ${thisWeek.length > 0 ? html`<section aria-labelledby="h-week"><h2 id="h-week">${bi(lang, L('Đến hạn trong tuần', 'Due this week'))}</h2>${dossierTable(ctx, thisWeek, units)}</section>` : ''}
  <section aria-labelledby="h-all"><h2 id="h-all">${bi(lang, L('Hồ sơ theo mức khẩn', 'Dossiers, most urgent first'))}</h2>
  ${dossierTable(ctx, shown, units)}
  ${pager(ctx, q, all.length, '/ui/')}</section>`;
}

export interface InboxRow {
  id: string;
  kind: string;
  dossierId: string | null;
  subject: string;
  body: string;
  dueAt: string | null;
  createdAt: string;
}

export function inboxBody(
  ctx: PageContext,
  tasks: { item: DashboardItem; offered: OfferedAction[] }[],
  reminders: InboxRow[],
  paging: { page: number; total: number; pageSize: number },
): Html {
  const { lang, now } = ctx;
  const taskRows = tasks.map(({ item, offered }) => {
    const c = item.next ? countdown(item.next.due, now) : undefined;
    return html`<tr class="${c?.cls === 'late' || item.late ? 'row-late' : ''}" data-dossier="${item.id}">
      <td>${c ? html`${vnDate(item.next!.due)} <span class="${c.cls}">${bi(lang, c.label)}</span>` : html`<span class="muted">${bi(lang, L('không có hạn', 'no deadline'))}</span>`}</td>
      <td><a href="${dossierPath(item.id)}">${item.unitName}</a> <small>· ${txt(lang, titleLabel(item.title))} ${item.planYear}</small></td>
      <td>${offered.map((o) => html`<div>${bi(lang, actionLabel(o.type))}${o.criteria ? html` <small>(${bi(lang, L('tiêu chí', 'criteria'))} ${o.criteria.join(', ')})</small>` : ''}</div>`)}</td>
      <td><span class="badge stage-${item.stage}">${bi(lang, stageLabel(item.stage))}</span></td></tr>`;
  });
  const pages = Math.max(1, Math.ceil(paging.total / paging.pageSize));
  return html`
  <section aria-labelledby="h-tasks"><h2 id="h-tasks">${bi(lang, L('Việc cần làm', 'My tasks'))} (${tasks.length})</h2>
  ${tasks.length === 0 ? html`<p class="muted">${bi(lang, L('Không có việc nào chờ bạn', 'Nothing is waiting for you'))}</p>` : html`<table class="tasks"><thead><tr><th scope="col">${bi(lang, L('Hạn', 'Due'))}</th><th scope="col">${bi(lang, L('Hồ sơ', 'Dossier'))}</th><th scope="col">${bi(lang, L('Việc', 'Task'))}</th><th scope="col">${bi(lang, L('Bước', 'Stage'))}</th></tr></thead><tbody>${taskRows}</tbody></table>`}
  </section>
  <section aria-labelledby="h-reminders"><h2 id="h-reminders">${bi(lang, L('Nhắc nhở', 'Reminders'))} (${paging.total})</h2>
  ${
    reminders.length === 0
      ? html`<p class="muted">${bi(lang, L('Chưa có nhắc nhở', 'No reminders'))}</p>`
      : html`<table class="compact"><thead><tr><th scope="col">${bi(lang, L('Hạn', 'Due'))}</th><th scope="col">${bi(lang, L('Nội dung', 'Subject'))}</th><th scope="col">${bi(lang, L('Loại', 'Kind'))}</th><th scope="col">${bi(lang, L('Nhận lúc', 'Received'))}</th></tr></thead><tbody>
  ${reminders.map((r) => {
    const c = r.dueAt ? countdown(vnDate(r.dueAt).split('/').reverse().join('-') as never, now) : undefined;
    return html`<tr class="${c?.cls === 'late' ? 'row-late' : ''}"><td>${r.dueAt ? html`${vnDate(r.dueAt)} <span class="${c!.cls}">${bi(lang, c!.label)}</span>` : '—'}</td>
      <td>${r.dossierId ? html`<a href="${dossierPath(r.dossierId)}">${r.subject}</a>` : r.subject}<details><summary>${txt(lang, L('Xem', 'Show'))}</summary><pre class="mail">${r.body}</pre></details></td>
      <td>${bi(lang, noticeKindLabel(r.kind))}</td><td>${vnDateTime(r.createdAt)}</td></tr>`;
  })}</tbody></table>
  ${pages > 1 ? html`<nav class="pager">${paging.page > 1 ? html`<a href="/ui/inbox?page=${paging.page - 1}">‹</a>` : ''} ${paging.page}/${pages} ${paging.page < pages ? html`<a href="/ui/inbox?page=${paging.page + 1}">›</a>` : ''}</nav>` : ''}`
  }
  </section>`;
}

/** What one record decided, in words (the same facts the API gives: app/audit.ts auditViews). */
function auditContent(lang: Lang, r: AuditView): Html {
  const parts: Html[] = [];
  if (r.verdicts.length)
    parts.push(
      html`<ul class="verdicts">${r.verdicts.map(
        (v) =>
          html`<li data-criterion="${v.criterion}">${bi(lang, L('Tiêu chí', 'Criterion'))} ${v.criterion}: <strong>${bi(lang, v.label)}</strong>${v.comment ? ` — ${v.comment}` : ''}</li>`,
      )}</ul>`,
    );
  if (r.selfAssessment.length)
    parts.push(html`<p class="self-assessment">${r.selfAssessment.map((e) => `${e.criterion}: ${txt(lang, e.label)}`).join('; ')}</p>`);
  if (r.reasons.length)
    parts.push(
      html`<p class="reasons">${bi(lang, L('Lý do', 'Reasons'))}:</p><ul class="reasons">${r.reasons.map((x) => html`<li>${x.criterion ? `${x.criterion}: ` : ''}${x.reason}</li>`)}</ul>`,
    );
  if (r.vote)
    parts.push(
      html`<p class="vote">${bi(lang, r.vote.summary)}${r.vote.members.length ? html`<br><small>${bi(lang, L('Thành viên', 'Members'))}: ${r.vote.members.join(', ')}</small>` : ''}</p>`,
    );
  if (r.decision)
    parts.push(
      html`<p class="decision">${bi(lang, L('Quyết định số', 'Decision no.'))} <strong>${r.decision.number}</strong> ${bi(lang, L('ngày', 'of'))} ${r.decision.date}, ${bi(lang, L('người ký', 'signed by'))} ${r.decision.signer}${r.decision.outcomeLabel ? html` — ${bi(lang, r.decision.outcomeLabel)}` : ''}</p>`,
    );
  if (r.verification) parts.push(html`<p class="verification">${bi(lang, r.verification.summary)}</p>`);
  if (r.comment && !r.reasons.length) parts.push(html`<p class="comment">${r.comment}</p>`);
  if (r.documentRefs.length)
    parts.push(
      html`<ul class="documents">${r.documentRefs.map(
        (d) =>
          html`<li>${[d.number, d.title ?? d.fileName, d.date, d.issuer].filter(Boolean).join(', ')}${d.sha256 ? html` <code class="sha256" title="SHA-256 ${d.sha256}">SHA-256 ${d.sha256.slice(0, 12)}…</code>` : ''}</li>`,
      )}</ul>`,
    );
  return html`${parts}`;
}

export function auditBody(ctx: PageContext, dossierId: string, trail: AuditView[], label = dossierId): Html {
  const { lang } = ctx;
  return html`<p class="crumbs"><a href="/ui/">${bi(lang, L('Bảng theo dõi', 'Dashboard'))}</a> › <a href="${dossierPath(dossierId)}">${label}</a> › ${bi(lang, L('Nhật ký kiểm toán', 'Audit trail'))}</p>
  <p>${bi(lang, L('Mỗi dòng là một bản ghi trong chuỗi băm chỉ-ghi-thêm; mã băm nối bản ghi với bản ghi trước.', 'Each row is a record of the append-only hash chain; its hash links it to the one before.'))}</p>
  <table class="audit"><thead><tr>
    <th scope="col">#</th><th scope="col">${bi(lang, L('Thời điểm', 'When'))}</th><th scope="col">${bi(lang, L('Người thực hiện', 'Who'))}</th>
    <th scope="col">${bi(lang, L('Thao tác', 'Action'))}</th><th scope="col">${bi(lang, L('Tiêu chí', 'Criterion'))}</th><th scope="col">${bi(lang, L('Bước', 'Stage'))}</th>
    <th scope="col">${bi(lang, L('Nội dung, văn bản', 'Content, documents'))}</th><th scope="col">${bi(lang, L('Mã băm', 'Hash'))}</th>
  </tr></thead><tbody>
  ${trail.map((r) => {
    const { from, to } = r.stage;
    const a = r.actor;
    return html`<tr data-action="${r.action}" data-seq="${r.seq}"><td>${r.seq}</td><td><time datetime="${r.at}">${r.atVn}</time></td>
      <td class="who">${a.name}<br><small class="gloss">${txt(lang, a.roleLabel)}${a.department ? ` · ${txt(lang, a.department.name)}` : ''}${a.unit ? ` · ${a.unit.name}` : ''}</small>${r.onBehalf ? html`<br><small>${bi(lang, L(`thay mặt ${r.onBehalf.name}`, `on behalf of ${r.onBehalf.name}`))}</small>` : ''}</td>
      <td class="action-name">${bi(lang, r.actionLabel)}</td><td>${r.criterion ?? ''}</td>
      <td>${from && to && from.code !== to.code ? html`${txt(lang, from.label)} → ${txt(lang, to.label)}` : to ? txt(lang, to.label) : ''}</td>
      <td class="content">${auditContent(lang, r)}</td>
      <td><code title="${r.hash}">${r.hash.slice(0, 10)}…</code></td></tr>`;
  })}</tbody></table>`;
}
