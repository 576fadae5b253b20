/**
 * The office's pages (issue 14), a plugin of its own beside api/ui/plugin.ts:
 *
 *   GET  /ui/open                        open one dossier, or every registration of a plan year
 *   POST /ui/open, POST /ui/open-all     (refusals in words: already open, not your area, no criteria set)
 *   GET  /ui/dossiers/:id/checklist      the commune's self-assessment as one checklist page
 *   POST /ui/dossiers/:id/checklist      one `self_assessment.batch` Update (all or nothing), then optionally submit
 *   GET  /ui/dossiers/:id/review         a department's review as one page
 *   POST /ui/dossiers/:id/review         one `review.batch` Update (verdict + comment per criterion)
 *
 * Server-rendered, no JavaScript, CSRF on every form; everything goes through app/ (DossierService).
 */
import csrf from '@fastify/csrf-protection';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isWithinUnit, resolveActor, type Principal } from '../../domain/access';
import { parseVnDate } from '../../domain/calendar';
import { getCriteriaSet, type CriteriaSet, UNITS } from '../../domain/criteria';
import { accessView, CommandSchema, computedResult, statusOf, type Command, type DossierState } from '../../domain/dossier';
import { AppError } from '../../domain/errors';
import { resolveThresholdValue } from '../../domain/evaluation';
import { TITLE_DEFINITIONS, TitleIdSchema } from '../../domain/titles';
import { EN_ERROR_MAP, VI_ERROR_MAP } from '../../domain/validation';
import { storageError, type Application } from '../../app';
import type { OpenAllLine } from '../../app/dossiers';
import type { SignedIn } from '../../app/sessions';
import { httpStatus } from '../http-errors';
import { offeredActions, newRequestId, type FieldError, type FormBody } from './actions';
import { bi, departmentLabel, dossierPath, L, titleLabel, txt, VERDICT_LABELS, vnDate, type Lang } from './format';
import { html, type Html } from './html';
import { page, type Flash, type PageContext } from './layout';
import { registerPlanPages } from './plans';
import { setUiErrorHandler, uiContext } from './context';

const one = (b: FormBody, k: string): string => {
  const v = b[k];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
};
const idSafe = (s: string): string => s.replace(/[^a-zA-Z0-9]/g, '-');

/** A number as officials type it: "96,4" or "96.4". */
function num(s: string): number | undefined {
  if (s === '') return undefined;
  const n = Number(s.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : Number.NaN;
}

function errorsFor(errors: FieldError[], field: string): Html {
  const es = errors.filter((e) => e.field === field);
  if (es.length === 0) return html``;
  return html`<p class="field-error" id="${idSafe(field)}-error" role="alert">${es.map((e) => html`<span>${e.vi}</span> <span class="gloss" lang="en">${e.en}</span> `)}</p>`;
}
const invalidAttr = (errors: FieldError[], field: string): Html =>
  errors.some((e) => e.field === field) ? html`aria-invalid="true" aria-describedby="${idSafe(field)}-error"` : html``;

function generalErrors(errors: FieldError[]): Html {
  const g = errors.filter((e) => e.field === '');
  if (g.length === 0) return html``;
  return html`<div class="flash error" role="alert">${g.map((e) => html`<p>${e.vi} <span class="gloss" lang="en">${e.en}</span></p>`)}</div>`;
}

// ---------------------------------------------------------------------------------------------------
// Checklist
// ---------------------------------------------------------------------------------------------------

interface ChecklistRow {
  code: string;
  nameVi: string;
  nameEn: string;
  indicators: { code: string; nameVi: string; nameEn: string; numeric: boolean; limit?: number; kind?: 'min' | 'max'; unit?: keyof typeof UNITS }[];
}

function checklistRows(state: DossierState, set: CriteriaSet): ChecklistRow[] {
  const ctx = { communeGroup: state.context.input.communeGroup, region: state.context.input.region };
  return state.context.input.criteria.map((code) => {
    const c = set.criteria.find((x) => x.code === code);
    return {
      code,
      nameVi: c?.nameVi ?? code,
      nameEn: c?.nameEn ?? code,
      indicators: (c?.indicators ?? []).map((i) => {
        const t = i.threshold;
        const numeric = t.kind === 'min' || t.kind === 'max';
        const limit = numeric ? resolveThresholdValue(i, ctx) : undefined;
        return {
          code: i.code,
          nameVi: i.nameVi,
          nameEn: i.nameEn,
          numeric,
          ...(limit !== undefined ? { limit } : {}),
          ...(numeric ? { kind: t.kind as 'min' | 'max', unit: (t as { unit: keyof typeof UNITS }).unit } : {}),
        };
      }),
    };
  });
}

/** The checklist form → a self_assessment.batch (criteria without a result chosen are left out). */
export function checklistToCommand(rows: ChecklistRow[], b: FormBody): { ok: true; command: Command } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const entries: Record<string, unknown>[] = [];
  const fieldOfEntry: string[] = [];
  for (const row of rows) {
    const f = `c.${row.code}`;
    const met = one(b, `${f}.met`);
    const indicatorValues: Record<string, number> = {};
    for (const ind of row.indicators.filter((i) => i.numeric)) {
      const raw = one(b, `${f}.v.${ind.code}`);
      const n = num(raw);
      if (n === undefined) continue;
      if (Number.isNaN(n)) {
        errors.push({
          field: `${f}.v.${ind.code}`,
          vi: `Tiêu chí ${row.code}, chỉ tiêu ${ind.code}: "${raw}" không phải là số`,
          en: `Criterion ${row.code}, indicator ${ind.code}: "${raw}" is not a number`,
        });
        continue;
      }
      indicatorValues[ind.code] = n;
    }
    const docNumber = one(b, `${f}.docNumber`);
    const docDate = one(b, `${f}.docDate`);
    const docIssuer = one(b, `${f}.docIssuer`);
    let evidence: unknown[] = [];
    if (docNumber || docDate || docIssuer) {
      let date = docDate;
      if (docDate && !/^\d{4}-\d{2}-\d{2}$/.test(docDate)) {
        const r = parseVnDate(docDate);
        if (r.ok) date = r.value;
        else errors.push({ field: `${f}.docDate`, vi: `Tiêu chí ${row.code}: ${r.error.messageVi}`, en: `Criterion ${row.code}: ${r.error.messageEn}` });
      }
      evidence = [{ number: docNumber, date, issuer: docIssuer }];
    }
    const comment = one(b, `${f}.comment`);
    if (met === '' && Object.keys(indicatorValues).length === 0 && !comment && evidence.length === 0) continue;
    if (met !== 'true' && met !== 'false') {
      errors.push({ field: `${f}.met`, vi: `Tiêu chí ${row.code}: chọn Đạt hoặc Chưa đạt`, en: `Criterion ${row.code}: choose met or not met` });
      continue;
    }
    entries.push({ criterion: row.code, met: met === 'true', indicatorValues, evidence, ...(comment ? { comment } : {}) });
    fieldOfEntry.push(f);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (entries.length === 0) {
    return { ok: false, errors: [{ field: '', vi: 'Chưa có tiêu chí nào được đánh giá', en: 'No criterion has been assessed' }] };
  }
  const candidate = { type: 'self_assessment.batch', entries };
  const vi = CommandSchema.safeParse(candidate, { error: VI_ERROR_MAP });
  if (!vi.success) {
    const en = CommandSchema.safeParse(candidate, { error: EN_ERROR_MAP });
    const enIssues = en.success ? [] : en.error.issues;
    return {
      ok: false,
      errors: vi.error.issues.map((i, k) => ({ ...fieldOfPath(i.path.map(String), fieldOfEntry), vi: i.message, en: enIssues[k]?.message ?? i.message })),
    };
  }
  return { ok: true, command: vi.data };
}

/** `entries.3.evidence.0.date` → `c.<criterion>.docDate`. */
function fieldOfPath(path: string[], fieldOfEntry: string[]): { field: string } {
  if (path[0] !== 'entries' || path[1] === undefined) return { field: '' };
  const f = fieldOfEntry[Number(path[1])];
  if (!f) return { field: '' };
  const sub = path[2];
  if (sub === 'evidence') return { field: `${f}.${path[4] === 'date' ? 'docDate' : path[4] === 'issuer' ? 'docIssuer' : 'docNumber'}` };
  if (sub === 'indicatorValues') return { field: `${f}.v.${path.slice(3).join('.')}` };
  return { field: `${f}.${sub ?? 'met'}` };
}

function checklistBody(
  ctx: PageContext,
  id: string,
  state: DossierState,
  set: CriteriaSet,
  unitName: string,
  values: FormBody,
  errors: FieldError[],
  canEdit: boolean,
): Html {
  const { lang } = ctx;
  const rows = checklistRows(state, set);
  const sa = state.context.selfAssessment;
  const val = (k: string, fallback: string) => (k in values ? one(values, k) : fallback);
  const body = rows.map((row) => {
    const f = `c.${row.code}`;
    const saved = sa[row.code];
    const metNow = val(`${f}.met`, saved ? String(saved.met) : '');
    const vals: Record<string, number> = {};
    for (const ind of row.indicators) {
      const n = num(val(`${f}.v.${ind.code}`, saved?.indicatorValues[ind.code] !== undefined ? String(saved.indicatorValues[ind.code]) : ''));
      if (n !== undefined && !Number.isNaN(n)) vals[ind.code] = n;
    }
    const computed = computedResult(state.context, { criterion: row.code, indicatorValues: vals });
    const computedLabel =
      Object.keys(vals).length === 0 || (computed.failing.length === 0 && !computed.computedAll)
        ? html``
        : computed.failing.length > 0
          ? html`<p class="computed late" data-computed="not_met">${bi(lang, L('Theo ngưỡng: chưa đạt', 'By the threshold: not met'))}</p>`
          : html`<p class="computed ok" data-computed="met">${bi(lang, L('Theo ngưỡng: đạt', 'By the threshold: met'))}</p>`;
    const doc = saved?.evidence[0];
    return html`<tr id="row-${idSafe(row.code)}" data-criterion="${row.code}">
      <th scope="row">${row.code}. ${txt(lang, { vi: row.nameVi, en: row.nameEn })}${saved ? html` <span class="badge ok">✓</span>` : ''}</th>
      <td>${row.indicators
        .filter((i) => i.numeric)
        .map(
          (i) => html`<div class="field"><label for="${idSafe(`${f}.v.${i.code}`)}">${i.code} ${txt(lang, { vi: i.nameVi, en: i.nameEn })}
            ${i.limit !== undefined ? html`<small>(${i.kind === 'min' ? '≥' : '≤'} ${String(i.limit).replace('.', lang === 'vi' ? ',' : '.')} ${i.unit ? UNITS[i.unit][lang] : ''})</small>` : html`<small>(${bi(lang, L('chưa có ngưỡng', 'no threshold'))})</small>`}</label>
            <input id="${idSafe(`${f}.v.${i.code}`)}" name="${f}.v.${i.code}" inputmode="decimal" size="8" value="${val(`${f}.v.${i.code}`, saved?.indicatorValues[i.code] !== undefined ? String(saved.indicatorValues[i.code]).replace('.', ',') : '')}" ${invalidAttr(errors, `${f}.v.${i.code}`)}>
            ${errorsFor(errors, `${f}.v.${i.code}`)}</div>`,
        )}${computedLabel}</td>
      <td><fieldset class="radios" ${invalidAttr(errors, `${f}.met`)}><legend class="sr-only">${bi(lang, L(`Kết quả tiêu chí ${row.code}`, `Result of criterion ${row.code}`))}</legend>
        <label for="${idSafe(f)}-met-true"><input type="radio" id="${idSafe(f)}-met-true" name="${f}.met" value="true" ${metNow === 'true' ? html`checked` : ''}> ${bi(lang, L('Đạt', 'Met'))}</label>
        <label for="${idSafe(f)}-met-false"><input type="radio" id="${idSafe(f)}-met-false" name="${f}.met" value="false" ${metNow === 'false' ? html`checked` : ''}> ${bi(lang, L('Chưa đạt', 'Not met'))}</label>
        ${errorsFor(errors, `${f}.met`)}</fieldset></td>
      <td><label for="${idSafe(f)}-comment" class="sr-only">${bi(lang, L(`Ghi chú tiêu chí ${row.code}`, `Note on criterion ${row.code}`))}</label>
        <textarea id="${idSafe(f)}-comment" name="${f}.comment" rows="2" ${invalidAttr(errors, `${f}.comment`)}>${val(`${f}.comment`, saved?.comment ?? '')}</textarea>${errorsFor(errors, `${f}.comment`)}</td>
      <td class="evidence">
        <label for="${idSafe(f)}-docNumber">${bi(lang, L('Số văn bản', 'Number'))}</label><input id="${idSafe(f)}-docNumber" name="${f}.docNumber" size="12" value="${val(`${f}.docNumber`, doc?.number ?? '')}" ${invalidAttr(errors, `${f}.docNumber`)}>
        <label for="${idSafe(f)}-docDate">${bi(lang, L('Ngày', 'Date'))}</label><input id="${idSafe(f)}-docDate" name="${f}.docDate" size="10" placeholder="dd/mm/yyyy" value="${val(`${f}.docDate`, doc ? vnDate(doc.date) : '')}" ${invalidAttr(errors, `${f}.docDate`)}>
        <label for="${idSafe(f)}-docIssuer">${bi(lang, L('Cơ quan ban hành', 'Issuer'))}</label><input id="${idSafe(f)}-docIssuer" name="${f}.docIssuer" size="16" value="${val(`${f}.docIssuer`, doc?.issuer ?? '')}" ${invalidAttr(errors, `${f}.docIssuer`)}>
        ${errorsFor(errors, `${f}.docNumber`)}${errorsFor(errors, `${f}.docDate`)}${errorsFor(errors, `${f}.docIssuer`)}</td>
    </tr>`;
  });
  const done = Object.keys(sa).length;
  return html`<p><a href="${dossierPath(id)}">← ${bi(lang, L(`Hồ sơ ${unitName}`, `Dossier ${unitName}`))}</a></p>
  <p data-testid="checklist-progress">${bi(lang, L(`Đã tự đánh giá ${done}/${rows.length} tiêu chí`, `${done} of ${rows.length} criteria self-assessed`))}</p>
  ${generalErrors(errors)}
  <form method="post" action="${dossierPath(id)}/checklist" class="checklist" novalidate>
    <input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">
    <input type="hidden" name="requestId" value="${newRequestId()}">
    <table class="checklist"><caption>${bi(lang, L('Bảng tự đánh giá các tiêu chí', 'Self-assessment checklist'))}</caption>
    <thead><tr><th scope="col">${bi(lang, L('Tiêu chí', 'Criterion'))}</th><th scope="col">${bi(lang, L('Giá trị chỉ tiêu', 'Indicator values'))}</th><th scope="col">${bi(lang, L('Kết quả', 'Result'))}</th><th scope="col">${bi(lang, L('Ghi chú', 'Note'))}</th><th scope="col">${bi(lang, L('Minh chứng', 'Evidence'))}</th></tr></thead>
    <tbody>${body}</tbody></table>
    ${
      canEdit
        ? html`<p class="buttons"><button type="submit" name="intent" value="save">${txt(lang, L('Lưu bảng tự đánh giá', 'Save the checklist'))}</button>
    <button type="submit" name="intent" value="submit" class="primary">${txt(lang, L('Lưu và nộp hồ sơ', 'Save and submit the dossier'))}</button></p>`
        : html`<p class="muted">${bi(lang, L('Hồ sơ không còn ở bước tự đánh giá: chỉ xem', 'The dossier is no longer at self-assessment: read only'))}</p>`
    }
  </form>`;
}

// ---------------------------------------------------------------------------------------------------
// Review
// ---------------------------------------------------------------------------------------------------

function reviewToCommand(criteria: string[], b: FormBody): { ok: true; command: Command } | { ok: false; errors: FieldError[] } {
  const entries: Record<string, unknown>[] = [];
  const errors: FieldError[] = [];
  for (const code of criteria) {
    const verdict = one(b, `r.${code}.verdict`);
    const comment = one(b, `r.${code}.comment`);
    if (!verdict && !comment) continue;
    if (!verdict) {
      errors.push({ field: `r.${code}.verdict`, vi: `Tiêu chí ${code}: chọn kết luận`, en: `Criterion ${code}: choose a verdict` });
      continue;
    }
    if (verdict !== 'met' && !comment) {
      errors.push({
        field: `r.${code}.comment`,
        vi: `Tiêu chí ${code}: kết luận "${VERDICT_LABELS[verdict]?.vi ?? verdict}" cần nhận xét nêu lý do`,
        en: `Criterion ${code}: the verdict "${VERDICT_LABELS[verdict]?.en ?? verdict}" needs a comment giving the reason`,
      });
      continue;
    }
    entries.push({ criterion: code, verdict, ...(comment ? { comment } : {}) });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (entries.length === 0) return { ok: false, errors: [{ field: '', vi: 'Chưa có kết luận nào', en: 'No verdict given' }] };
  const candidate = { type: 'review.batch', entries, documents: [] };
  const vi = CommandSchema.safeParse(candidate, { error: VI_ERROR_MAP });
  if (!vi.success) {
    const en = CommandSchema.safeParse(candidate, { error: EN_ERROR_MAP });
    const enIssues = en.success ? [] : en.error.issues;
    return {
      ok: false,
      errors: vi.error.issues.map((i, k) => {
        const c = (entries[Number(i.path[1])]?.criterion as string | undefined) ?? '';
        return { field: c ? `r.${c}.${String(i.path[2] ?? 'verdict')}` : '', vi: i.message, en: enIssues[k]?.message ?? i.message };
      }),
    };
  }
  return { ok: true, command: vi.data };
}

function reviewBody(
  ctx: PageContext,
  id: string,
  state: DossierState,
  set: CriteriaSet,
  unitName: string,
  mine: string[],
  department: string | undefined,
  values: FormBody,
  errors: FieldError[],
): Html {
  const { lang } = ctx;
  const sa = state.context.selfAssessment;
  const val = (k: string, fallback = '') => (k in values ? one(values, k) : fallback);
  const head = html`<p><a href="${dossierPath(id)}">← ${bi(lang, L(`Hồ sơ ${unitName}`, `Dossier ${unitName}`))}</a></p>
    ${department ? html`<p data-testid="department">${bi(lang, departmentLabel(department))}</p>` : ''}`;
  if (mine.length === 0) {
    return html`${head}<p class="muted" data-testid="nothing-to-review">${bi(lang, L('Phòng của bạn không còn tiêu chí nào phải thẩm tra ở hồ sơ này', 'Your department has no criteria left to review on this dossier'))}</p>`;
  }
  const rows = mine.map((code) => {
    const c = set.criteria.find((x) => x.code === code);
    const s = sa[code];
    const f = `r.${code}`;
    const current = val(`${f}.verdict`);
    return html`<tr data-criterion="${code}"><th scope="row">${code}. ${c ? txt(lang, { vi: c.nameVi, en: c.nameEn }) : ''}</th>
      <td>${s ? html`${bi(lang, s.met ? L('Xã: đạt', 'Commune: met') : L('Xã: chưa đạt', 'Commune: not met'))}${s.comment ? html`<br><small>${s.comment}</small>` : ''}${s.evidence.map((d) => html`<br><small>${d.number} · ${vnDate(d.date)} · ${d.issuer}</small>`)}` : html`<span class="muted">—</span>`}</td>
      <td><fieldset class="radios" ${invalidAttr(errors, `${f}.verdict`)}><legend class="sr-only">${bi(lang, L(`Kết luận tiêu chí ${code}`, `Verdict on criterion ${code}`))}</legend>
      ${Object.entries(VERDICT_LABELS).map(
        ([v, label]) =>
          html`<label for="${idSafe(f)}-${v}"><input type="radio" id="${idSafe(f)}-${v}" name="${f}.verdict" value="${v}" ${current === v ? html`checked` : ''}> ${bi(lang, label)}</label>`,
      )}${errorsFor(errors, `${f}.verdict`)}</fieldset></td>
      <td><label for="${idSafe(f)}-comment" class="sr-only">${bi(lang, L(`Nhận xét tiêu chí ${code}`, `Comment on criterion ${code}`))}</label>
      <textarea id="${idSafe(f)}-comment" name="${f}.comment" rows="2" ${invalidAttr(errors, `${f}.comment`)}>${val(`${f}.comment`)}</textarea>${errorsFor(errors, `${f}.comment`)}</td></tr>`;
  });
  return html`${head}${generalErrors(errors)}
  <form method="post" action="${dossierPath(id)}/review" class="review" novalidate>
    <input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">
    <input type="hidden" name="requestId" value="${newRequestId()}">
    <table class="checklist"><caption>${bi(lang, L('Phiếu thẩm tra các tiêu chí của phòng', "The department's review"))}</caption>
    <thead><tr><th scope="col">${bi(lang, L('Tiêu chí', 'Criterion'))}</th><th scope="col">${bi(lang, L('Xã tự đánh giá', 'Self-assessment'))}</th><th scope="col">${bi(lang, L('Kết luận', 'Verdict'))}</th><th scope="col">${bi(lang, L('Nhận xét', 'Comment'))}</th></tr></thead>
    <tbody>${rows}</tbody></table>
    <p class="buttons"><button type="submit" class="primary">${txt(lang, L('Gửi kết quả thẩm tra', 'Send the review'))}</button></p>
  </form>`;
}

// ---------------------------------------------------------------------------------------------------
// Open
// ---------------------------------------------------------------------------------------------------

interface OpenForm {
  values: FormBody;
  errors: FieldError[];
  result?: OpenAllLine[];
}

function openBody(
  ctx: PageContext,
  units: { code: string; name: string; parentName?: string }[],
  plans: Awaited<ReturnType<Application['dossiers']['plans']>>,
  f: OpenForm,
): Html {
  const { lang } = ctx;
  const v = (k: string, d = '') => (k in f.values ? one(f.values, k) : d);
  const year = v('planYear', String(ctx.now.getUTCFullYear()));
  const result = f.result
    ? (() => {
        const opened = f.result.filter((l) => l.outcome === 'opened').length;
        const already = f.result.filter((l) => l.outcome === 'already_open').length;
        const refused = f.result.filter((l) => l.outcome === 'refused').length;
        return html`<section aria-labelledby="h-result" data-testid="open-all-result"><h2 id="h-result">${bi(lang, L('Kết quả mở hồ sơ', 'Dossiers opened'))}</h2>
        <p><progress max="${f.result.length}" value="${f.result.length}" aria-label="${txt(lang, L('Tiến độ', 'Progress'))}"></progress>
        ${bi(lang, L(`Đã xử lý ${f.result.length} đăng ký: mở mới ${opened}, đã có ${already}, không mở được ${refused}`, `${f.result.length} registrations: ${opened} opened, ${already} already open, ${refused} refused`))}</p>
        <table><thead><tr><th scope="col">${bi(lang, L('Đơn vị', 'Unit'))}</th><th scope="col">${bi(lang, L('Danh hiệu', 'Title'))}</th><th scope="col">${bi(lang, L('Kết quả', 'Outcome'))}</th></tr></thead><tbody>
        ${f.result.map(
          (
            l,
          ) => html`<tr data-outcome="${l.outcome}"><td>${l.dossierId ? html`<a href="${dossierPath(l.dossierId)}">${l.unitName}</a>` : l.unitName}</td><td>${bi(lang, titleLabel(l.title))}</td>
          <td>${l.outcome === 'opened' ? bi(lang, L('Đã mở', 'Opened')) : l.outcome === 'already_open' ? bi(lang, L('Đã có hồ sơ', 'Already open')) : html`${l.error?.messageVi ?? ''} <span class="gloss" lang="en">${l.error?.messageEn ?? ''}</span>`}</td></tr>`,
        )}</tbody></table></section>`;
      })()
    : html``;
  return html`${result}${generalErrors(f.errors)}
  <section aria-labelledby="h-open-one"><h2 id="h-open-one">${bi(lang, L('Mở một hồ sơ', 'Open one dossier'))}</h2>
  <form method="post" action="/ui/open" class="action" data-action="dossier.open" novalidate>
    <input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">
    <div class="field"><label for="open-unitCode">${bi(lang, L('Đơn vị', 'Unit'))}</label>
      <select id="open-unitCode" name="unitCode" ${invalidAttr(f.errors, 'unitCode')}>${units.map((u) => html`<option value="${u.code}" ${v('unitCode') === u.code ? html`selected` : ''}>${u.name}${u.parentName ? ` (${u.parentName})` : ''}</option>`)}</select>
      ${errorsFor(f.errors, 'unitCode')}</div>
    <div class="field"><label for="open-title">${bi(lang, L('Danh hiệu', 'Title'))}</label>
      <select id="open-title" name="title" ${invalidAttr(f.errors, 'title')}>${TITLE_DEFINITIONS.map((t) => html`<option value="${t.id}" ${v('title') === t.id ? html`selected` : ''}>${txt(lang, { vi: t.nameVi, en: t.nameEn })}</option>`)}</select>
      ${errorsFor(f.errors, 'title')}</div>
    <div class="field"><label for="open-planYear">${bi(lang, L('Năm kế hoạch', 'Plan year'))}</label>
      <input id="open-planYear" name="planYear" inputmode="numeric" size="6" value="${year}" ${invalidAttr(f.errors, 'planYear')}>${errorsFor(f.errors, 'planYear')}${errorsFor(f.errors, 'criteriaSetId')}</div>
    <button type="submit" class="primary">${txt(lang, L('Mở hồ sơ', 'Open the dossier'))}</button>
  </form></section>
  <section aria-labelledby="h-open-all"><h2 id="h-open-all">${bi(lang, L('Mở tất cả hồ sơ theo kế hoạch', 'Open every registration of a plan'))}</h2>
  ${
    plans.length === 0
      ? html`<p class="muted">${bi(lang, L('Không có kế hoạch năm nào bạn quản lý', 'No plan year you manage'))}</p>`
      : html`<ul class="plans">${plans.map(
          (p) => html`<li><form method="post" action="/ui/open-all" class="inline" data-plan="${p.year}:${p.unitCode}">
            <input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}"><input type="hidden" name="year" value="${p.year}"><input type="hidden" name="unitCode" value="${p.unitCode}">
            <strong>${bi(lang, L(`Kế hoạch năm ${p.year} — ${p.unitName}`, `${p.year} plan — ${p.unitName}`))}</strong>: ${bi(lang, L(`${p.registrations.length} đơn vị đăng ký`, `${p.registrations.length} registrations`))}
            <button type="submit">${txt(lang, L(`Mở tất cả ${p.registrations.length} hồ sơ`, `Open all ${p.registrations.length} dossiers`))}</button></form></li>`,
        )}</ul>`
  }</section>`;
}

// ---------------------------------------------------------------------------------------------------
// The plugin
// ---------------------------------------------------------------------------------------------------

/** Units a person may open dossiers for: communes and villages inside one of their office grants. */
function openableUnits(
  principal: Principal,
  units: Awaited<ReturnType<Application['dossiers']['units']>>,
): { code: string; name: string; parentName?: string }[] {
  const roots = principal.grants.filter((g) => g.role === 'district_office' || g.role === 'provincial_office').map((g) => g.unitCode);
  const byCode = new Map(units.map((u) => [u.code, u]));
  return units
    .filter((u) => (u.level === 'commune' || u.level === 'village') && roots.some((r) => isWithinUnit(u.code, r)))
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((u) => {
      const parent = u.parentCode ? byCode.get(u.parentCode) : undefined;
      return { code: u.code, name: u.name, ...(parent ? { parentName: parent.name } : {}) };
    });
}

export const officePlugin: FastifyPluginAsync<{ app: Application }> = async (root, { app: application }) => {
  const { dossiers: service, readModels, clock } = application;
  await root.register(async (app) => {
    await app.register(csrf, {
      sessionPlugin: '@fastify/cookie',
      cookieOpts: { path: '/ui', sameSite: 'strict', httpOnly: true },
      getToken: (req) => (req.body as Record<string, string> | undefined)?._csrf,
    });
    const { ctxOf, send, signedIn } = uiContext(clock);
    const refusal = (e: unknown): FieldError[] => {
      if (!(e instanceof AppError) || httpStatus(e.kind) >= 500) throw e;
      return [{ field: '', vi: e.messageVi, en: `${e.messageEn} (${e.code})` }];
    };
    setUiErrorHandler(app, clock, { send });

    // Issue 14: plan the year (api/ui/plans.ts), under this plugin's CSRF, sign-in and error page.
    registerPlanPages(app, { application, ctxOf, send, signedIn });

    // ---------------------------------------------------------------- open
    async function renderOpen(req: FastifyRequest, reply: FastifyReply, user: SignedIn, f: OpenForm, status = 200) {
      const ctx = ctxOf(req, reply);
      const [units, plans] = await Promise.all([service.units(), service.plans(user.principal)]);
      return send(reply, page(ctx, L('Mở hồ sơ', 'Open dossiers'), openBody(ctx, openableUnits(user.principal, units), plans, f)), status);
    }
    app.get('/ui/open', { schema: { hide: true } }, async (req, reply) => {
      const user = signedIn(req, reply);
      if (!user) return reply;
      return renderOpen(req, reply, user, { values: {}, errors: [] });
    });
    app.post('/ui/open', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
      const user = signedIn(req, reply);
      if (!user) return reply;
      const b = (req.body ?? {}) as FormBody;
      const title = TitleIdSchema.safeParse(one(b, 'title'));
      const year = z.coerce.number().int().min(2010).max(2100).safeParse(one(b, 'planYear'));
      const errors: FieldError[] = [];
      if (!one(b, 'unitCode')) errors.push({ field: 'unitCode', vi: 'Chọn đơn vị', en: 'Choose a unit' });
      if (!title.success) errors.push({ field: 'title', vi: 'Chọn danh hiệu', en: 'Choose a title' });
      if (!year.success) errors.push({ field: 'planYear', vi: 'Năm kế hoạch là số từ 2010 đến 2100', en: 'The plan year is a number from 2010 to 2100' });
      if (errors.length === 0 && title.success && year.success) {
        try {
          const st = await service.open(user.principal, { unitCode: one(b, 'unitCode'), title: title.data, planYear: year.data });
          return reply.redirect(`${dossierPath(st.dossierId)}?done=dossier.started`, 303);
        } catch (e) {
          const [r] = refusal(e);
          errors.push({ ...r!, field: e instanceof AppError && e.path && ['unitCode', 'criteriaSetId', 'planYear', 'title'].includes(e.path) ? e.path : '' });
        }
      }
      return renderOpen(req, reply, user, { values: b, errors }, 400);
    });
    app.post('/ui/open-all', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
      const user = signedIn(req, reply);
      if (!user) return reply;
      const b = (req.body ?? {}) as FormBody;
      try {
        const result = await service.openAll(user.principal, Number(one(b, 'year')), one(b, 'unitCode'));
        return renderOpen(req, reply, user, { values: {}, errors: [], result });
      } catch (e) {
        return renderOpen(req, reply, user, { values: {}, errors: refusal(e) }, 400);
      }
    });

    // ---------------------------------------------------------------- checklist
    async function loadDossier(user: SignedIn, id: string) {
      const { state } = await service.detail(user.principal, id);
      const set = getCriteriaSet(state.context.input.criteriaSetId);
      if (!set.ok) throw new AppError(set.error);
      const names = await readModels.unitNames([state.context.input.unitCode]);
      return { state, set: set.value, unitName: names.get(state.context.input.unitCode) ?? state.context.input.unitCode };
    }
    const mayChecklist = (user: SignedIn, state: DossierState) =>
      ['self_assessment', 'returned'].includes(state.value) &&
      resolveActor(user.principal, { action: 'self_assessment.batch', at: clock().toISOString(), dossier: accessView(state) }).ok;

    async function renderChecklist(
      req: FastifyRequest,
      reply: FastifyReply,
      user: SignedIn,
      id: string,
      values: FormBody,
      errors: FieldError[],
      flash?: Flash,
      status = 200,
    ) {
      const ctx = ctxOf(req, reply);
      const d = await loadDossier(user, id);
      const title = L(`Tự đánh giá — ${d.unitName}`, `Self-assessment — ${d.unitName}`);
      return send(reply, page(ctx, title, checklistBody(ctx, id, d.state, d.set, d.unitName, values, errors, mayChecklist(user, d.state)), flash), status);
    }
    app.get('/ui/dossiers/:id/checklist', { schema: { hide: true } }, async (req, reply) => {
      const user = signedIn(req, reply);
      if (!user) return reply;
      const { id } = req.params as { id: string };
      const saved = (req.query as Record<string, unknown>).saved === '1';
      return renderChecklist(req, reply, user, id, {}, [], saved ? { kind: 'ok', message: L('Đã lưu bảng tự đánh giá', 'Checklist saved') } : undefined);
    });
    app.post('/ui/dossiers/:id/checklist', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
      const user = signedIn(req, reply);
      if (!user) return reply;
      const { id } = req.params as { id: string };
      const b = (req.body ?? {}) as FormBody;
      const d = await loadDossier(user, id);
      const parsed = checklistToCommand(checklistRows(d.state, d.set), b);
      let errors: FieldError[];
      const notSaved: Flash = {
        kind: 'error',
        message: L('Chưa lưu: bảng có lỗi, không tiêu chí nào được ghi', 'Not saved: the checklist has errors; nothing was recorded'),
      };
      if (!parsed.ok) return renderChecklist(req, reply, user, id, b, parsed.errors, notSaved, 400);
      const requestId = one(b, 'requestId');
      try {
        await service.act(user.principal, id, parsed.command, requestId.length >= 8 ? requestId : undefined);
      } catch (e) {
        if (!(e instanceof AppError) || httpStatus(e.kind) >= 500) throw e;
        errors = [{ field: checklistField(e.path, parsed.command), vi: e.messageVi, en: `${e.messageEn} (${e.code})` }];
        if (errors[0]!.field !== '') errors.push({ field: '', vi: e.messageVi, en: `${e.messageEn} (${e.code})` });
        return renderChecklist(req, reply, user, id, b, errors, notSaved, httpStatus(e.kind));
      }
      if (one(b, 'intent') === 'submit') {
        const type = d.state.value === 'returned' ? 'commune.resubmitted' : 'commune.submitted';
        try {
          await service.act(user.principal, id, { type, documents: [] } as Command);
          return reply.redirect(`${dossierPath(id)}?done=${type}`, 303);
        } catch (e) {
          const errs = refusal(e);
          return renderChecklist(
            req,
            reply,
            user,
            id,
            {},
            errs,
            { kind: 'error', message: L('Đã lưu bảng, nhưng chưa nộp được hồ sơ', 'The checklist is saved, but the dossier could not be submitted') },
            409,
          );
        }
      }
      return reply.redirect(`${dossierPath(id)}/checklist?saved=1`, 303);
    });

    // ---------------------------------------------------------------- review
    async function renderReview(
      req: FastifyRequest,
      reply: FastifyReply,
      user: SignedIn,
      id: string,
      values: FormBody,
      errors: FieldError[],
      flash?: Flash,
      status = 200,
    ) {
      const ctx = ctxOf(req, reply);
      const d = await loadDossier(user, id);
      const offered = offeredActions(user.principal, d.state, clock()).find((o) => o.type === 'criterion.reviewed');
      const mine = offered?.criteria ?? [];
      const pending = statusOf(d.state).pendingReviews.filter((p) => mine.includes(p.criterion));
      const dept = pending[0]?.department;
      const title = L(`Thẩm tra — ${d.unitName}`, `Review — ${d.unitName}`);
      return send(reply, page(ctx, title, reviewBody(ctx, id, d.state, d.set, d.unitName, mine, dept, values, errors), flash), status);
    }
    app.get('/ui/dossiers/:id/review', { schema: { hide: true } }, async (req, reply) => {
      const user = signedIn(req, reply);
      if (!user) return reply;
      const { id } = req.params as { id: string };
      return renderReview(req, reply, user, id, {}, []);
    });
    app.post('/ui/dossiers/:id/review', { schema: { hide: true }, preHandler: app.csrfProtection }, async (req, reply) => {
      const user = signedIn(req, reply);
      if (!user) return reply;
      const { id } = req.params as { id: string };
      const b = (req.body ?? {}) as FormBody;
      const d = await loadDossier(user, id);
      const mine = offeredActions(user.principal, d.state, clock()).find((o) => o.type === 'criterion.reviewed')?.criteria ?? [];
      const parsed = reviewToCommand(mine, b);
      const notSent: Flash = {
        kind: 'error',
        message: L('Chưa gửi: phiếu có lỗi, không kết luận nào được ghi', 'Not sent: the review has errors; nothing was recorded'),
      };
      if (!parsed.ok) return renderReview(req, reply, user, id, b, parsed.errors, notSent, 400);
      const requestId = one(b, 'requestId');
      try {
        await service.act(user.principal, id, parsed.command, requestId.length >= 8 ? requestId : undefined);
      } catch (e) {
        return renderReview(req, reply, user, id, b, refusal(e), notSent, e instanceof AppError ? httpStatus(e.kind) : 400);
      }
      return reply.redirect(`${dossierPath(id)}?done=review.batch`, 303);
    });
  });
};

/** A refusal's path `entries.<i>.<field>` → the checklist field of that criterion. */
function checklistField(path: string | undefined, command: Command): string {
  if (!path || command.type !== 'self_assessment.batch') return '';
  const m = /^entries\.(\d+)\.([a-zA-Z]+)(?:\.(.+))?$/.exec(path);
  if (!m) return '';
  const entry = command.entries[Number(m[1])];
  if (!entry) return '';
  const f = `c.${entry.criterion}`;
  if (m[2] === 'indicatorValues' && m[3]) return `${f}.v.${m[3]}`;
  if (m[2] === 'criterion') return `${f}.met`;
  return `${f}.${m[2]}`;
}
