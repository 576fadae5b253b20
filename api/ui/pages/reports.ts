/**
 * "Ma trận tiêu chí / Criteria matrix": the table officials print ("Kết quả thực hiện bộ tiêu chí"):
 * a row per commune, a column per criterion (under its group), the district subtotal rows (Roman
 * numerals), the total and the % row; then per criterion "55/115 = 47,82%", the bands 19 / 15-18 /
 * 10-14 / 5-9 / <5 with the average criteria per commune, the charts, and the downloads (the same
 * workbooks and charts as /api/reports). Filters: as-of date, district (or the province), set.
 * Read through the application's report use case (same scope defaults, same 'report.read' check as the API).
 */
import type { Application } from '../../../app';
import { chartSvg } from '../../../app/reports';
import { AppError } from '../../../domain/errors';
import type { Principal } from '../../../domain/access';
import { listCriteriaSets } from '../../../domain/criteria';
import { formatVnDate, parseVnDate, type LocalDate } from '../../../domain/calendar';
import {
  criteriaAttainment,
  criteriaBands,
  describeOrigin,
  formatHundredthsVi,
  percentHundredths,
  type CriteriaMatrix,
  type MarkOrigin,
} from '../../../domain/reports';
import type { Unit } from '../../../domain/units';
import { bi, L, todayVn, txt, withQuery, type Bilingual, type Lang } from '../format';
import { html, raw, type Html } from '../html';
import type { PageContext } from '../layout';
import { httpStatus } from '../../http-errors';

export const MATRIX_PATH = '/ui/reports/matrix';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV', 'XVI', 'XVII', 'XVIII', 'XIX', 'XX'];

export interface MatrixFilters {
  /** As typed (dd/mm/yyyy), echoed back in the form. */
  asOfText: string;
  /** The parsed date, when the text is one. */
  asOf?: LocalDate;
  /** A province or district code; '' = the widest unit the person may read. */
  scope: string;
  set: string;
  hideEmpty: boolean;
}

export interface MatrixView {
  filters: MatrixFilters;
  /** Units the person may read reports for (the scope choices), widest first. */
  scopes: Unit[];
  matrix?: CriteriaMatrix;
  /** Why there is no table: a refusal (bilingual, coded) and the form field it concerns. */
  error?: { vi: string; en: string; code: string; field?: 'asOf' | 'scope' | 'set' };
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The filters from the page's query string; the date defaults to today (Vietnam). */
export function matrixFilters(query: Record<string, unknown>, now: Date): MatrixFilters | (MatrixFilters & { invalid: { vi: string; en: string } }) {
  const text = str(query.asOf) || formatVnDate(todayVn(now));
  const base = { asOfText: text, scope: str(query.scope), set: str(query.set), hideEmpty: query.empty === 'hide' };
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseVnDate(text.split('-').reverse().join('/')) : parseVnDate(text);
  if (!iso.ok) return { ...base, invalid: { vi: iso.error.messageVi, en: iso.error.messageEn } };
  return { ...base, asOf: iso.value, asOfText: formatVnDate(iso.value) };
}

/**
 * Everything the page shows, and its HTTP status: the matrix, or why not (400 for a bad date, district
 * or set, next to its field; 403 outside the person's grants, as a message above the empty form).
 */
export async function loadMatrixView(
  app: Application,
  principal: Principal,
  now: Date,
  query: Record<string, unknown>,
): Promise<{ view: MatrixView; status: number }> {
  const filters = matrixFilters(query, now);
  const scopes = await app.reports.readableScopes(principal);
  const view: MatrixView = { filters, scopes };
  if ('invalid' in filters || !filters.asOf) {
    const why = 'invalid' in filters ? filters.invalid : { vi: 'Nhập ngày dạng dd/mm/yyyy', en: 'Enter a dd/mm/yyyy date' };
    return { view: { ...view, error: { ...why, code: 'INPUT.INVALID', field: 'asOf' } }, status: 400 };
  }
  const chosen = (await app.reports.units()).find((u) => u.code === filters.scope);
  try {
    const report = await app.reports.read(principal, {
      kind: 'matrix',
      asOf: filters.asOf,
      district: chosen ? (chosen.level === 'district' ? chosen.code : undefined) : filters.scope || undefined,
      province: chosen?.level === 'province' ? chosen.code : undefined,
      set: filters.set || undefined,
    });
    if (report.kind !== 'criteria-matrix') throw new Error('readReport answered another report');
    return { view: { ...view, matrix: report }, status: 200 };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const path = e.path ?? '';
    const field = /district|province/.test(path) ? 'scope' : path.endsWith('.set') ? 'set' : undefined;
    return { view: { ...view, error: { vi: e.messageVi, en: e.messageEn, code: e.code, ...(field ? { field } : {}) } }, status: httpStatus(e.kind) };
  }
}

/** The same report through the JSON API (a download or a chart), for the person's cookie session. */
export function apiLink(kind: 'matrix' | 'criteria' | 'bands', m: CriteriaMatrix, format: 'json' | 'xlsx' | 'svg'): string {
  return withQuery(`/api/reports/${kind}`, {
    asOf: m.asOf,
    [m.scope.level === 'district' ? 'district' : 'province']: m.scope.code,
    set: m.setId,
    format: format === 'json' ? undefined : format,
  });
}

// Page-specific styles (the wide table, vertical criterion names, a landscape print) are in
// api/ui/assets/style.css, section "Reports": the Content-Security-Policy allows no inline <style>.

function scopeLabel(lang: Lang, u: Unit): string {
  return u.level === 'province' ? txt(lang, L(`Toàn tỉnh ${u.name}`, `Whole province of ${u.name}`)) : txt(lang, L(`Huyện ${u.name}`, `District of ${u.name}`));
}

function filtersForm(ctx: PageContext, v: MatrixView): Html {
  const { lang } = ctx;
  const f = v.filters;
  const sets = listCriteriaSets().filter((s) => s.scope === 'commune');
  const err = (field: string) =>
    v.error?.field === field
      ? html`<p class="field-error" id="err-${field}" role="alert">${v.error.vi} <span class="gloss" lang="en">${v.error.en}</span></p>`
      : '';
  const invalid = (field: string) => (v.error?.field === field ? html`aria-invalid="true" aria-describedby="err-${field}"` : '');
  const opt = (value: string, label: string, current: string) => html`<option value="${value}" ${value === current ? html`selected` : ''}>${label}</option>`;
  return html`<form method="get" action="${MATRIX_PATH}" class="filters no-print" role="search">
    ${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}
    <div class="field"><label for="f-asof">${bi(lang, L('Tính đến ngày', 'As of'))}</label>
      <input id="f-asof" name="asOf" value="${f.asOfText}" placeholder="dd/mm/yyyy" inputmode="numeric" size="11" ${invalid('asOf')}>${err('asOf')}</div>
    <div class="field"><label for="f-scope">${bi(lang, L('Huyện / tỉnh', 'District / province'))}</label>
      <select id="f-scope" name="scope" ${invalid('scope')}>${v.scopes.map((u) => opt(u.code, scopeLabel(lang, u), f.scope || v.matrix?.scope.code || ''))}</select>${err('scope')}</div>
    <div class="field"><label for="f-set">${bi(lang, L('Bộ tiêu chí', 'Criteria set'))}</label>
      <select id="f-set" name="set" ${invalid('set')}>${opt('', txt(lang, L('Bộ có số liệu (tự chọn)', 'The set with data (automatic)')), f.set)}${sets.map((s) => opt(s.id, `${s.nameVi.replace('Bộ tiêu chí quốc gia về xã nông thôn mới ', '')}`, f.set))}</select>${err('set')}</div>
    <div class="field check"><label><input type="checkbox" name="empty" value="hide" ${f.hideEmpty ? html`checked` : ''}> ${bi(lang, L('Ẩn xã chưa có số liệu', 'Hide communes without data'))}</label></div>
    <button type="submit">${txt(lang, L('Xem', 'Show'))}</button>
  </form>`;
}

function markCell(m: boolean | null, code: string, origin?: MarkOrigin | null): Html {
  // Issue 13: where the mark came from, on hover (title) and for scripts (data-source).
  if (origin) return html`<td data-criterion="${code}" data-source="${origin.source}" title="${describeOrigin(origin)}">${m === true ? '1' : ''}</td>`;
  return html`<td data-criterion="${code}">${m === true ? '1' : ''}</td>`;
}

function matrixTable(ctx: PageContext, m: CriteriaMatrix, hideEmpty: boolean): Html {
  const { lang } = ctx;
  // Group header cells: consecutive criteria of the same group under one cell.
  const groups: { code: string; span: number }[] = [];
  for (const c of m.criteria) {
    const last = groups.at(-1);
    if (last && last.code === c.group) last.span++;
    else groups.push({ code: c.group, span: 1 });
  }
  const groupName = (code: string): Bilingual => {
    const g = m.groups.find((x) => x.code === code);
    return g ? L(`Nhóm ${code}: ${g.nameVi}`, `Group ${code}: ${g.nameEn}`) : L(`Nhóm ${code}`, `Group ${code}`);
  };
  const of = m.totals.communesWithData;
  // Hiding the communes without data hides the districts without any too; the rest are numbered in order.
  const shown = m.districts.filter((d) => !hideEmpty || d.communesWithData > 0);
  const totalLabel =
    m.scope.level === 'province'
      ? L('Tổng số tiêu chí toàn tỉnh', 'Criteria met, province total')
      : L('Tổng số tiêu chí toàn huyện', 'Criteria met, district total');
  return html`<div class="matrix-wrap"><table class="matrix" data-testid="matrix">
  <caption class="visually-hidden">${txt(lang, L('Kết quả thực hiện bộ tiêu chí theo xã', 'Criteria met per commune'))}</caption>
  <thead>
    <tr><th scope="col" rowspan="3">STT</th><th scope="col" rowspan="3" class="name">${bi(lang, L('Tên đơn vị', 'Unit'))}</th>
      ${groups.map((g) => html`<th scope="colgroup" colspan="${g.span}" class="group" title="${txt(lang === 'en' ? 'vi' : 'en', groupName(g.code))}">${txt(lang, groupName(g.code))}</th>`)}
      <th scope="col" rowspan="3" class="total">${bi(lang, L('Tổng số tiêu chí đạt', 'Criteria met'))}</th></tr>
    <tr>${m.criteria.map((c) => html`<th scope="col" class="crit" title="${c.code}. ${lang === 'en' ? c.nameVi : c.nameEn}"><span>${lang === 'en' ? c.nameEn : c.nameVi}</span></th>`)}</tr>
    <tr>${m.criteria.map((c) => html`<th scope="col" class="num">${c.code}</th>`)}</tr>
  </thead>
  <tbody>
  ${shown.length === 0 ? html`<tr class="empty"><td colspan="${m.criteria.length + 3}">${bi(lang, L('Chưa có xã nào có số liệu đến ngày này', 'No commune has data by this date'))}</td></tr>` : ''}
  ${shown.map(
    (d, k) =>
      html`<tr class="${d.communesWithData > 0 ? 'district' : 'district nodata'}" data-district="${d.code}"><td>${ROMAN[k] ?? String(k + 1)}</td><th scope="row" class="name">${d.name}</th>
      ${
        d.communesWithData > 0
          ? html`${d.sums.map((s, i) => html`<td data-criterion="${m.criteria[i]!.code}">${s}</td>`)}<td class="total">${d.total}</td>`
          : html`${d.sums.map((_, i) => html`<td data-criterion="${m.criteria[i]!.code}"></td>`)}<td class="total">${txt(lang, L('chưa có số liệu', 'no data'))}</td>`
      }</tr>
    ${d.communes
      .filter((c) => c.hasData || !hideEmpty)
      .map(
        (
          c,
          i,
        ) => html`<tr class="${c.hasData ? 'commune' : 'commune nodata'}" data-unit="${c.code}"><td>${i + 1}</td><th scope="row" class="name">${c.name}</th>
        ${c.marks.map((x, j) => markCell(x, m.criteria[j]!.code, c.origins?.[j]))}<td class="total">${c.hasData ? c.total : txt(lang, L('chưa có số liệu', 'no data'))}</td></tr>`,
      )}`,
  )}
  </tbody>
  <tfoot>
    <tr class="grand" data-testid="grand-total"><td></td><th scope="row" class="name">${txt(lang, totalLabel)}</th>${m.totals.sums.map((s, i) => html`<td data-criterion="${m.criteria[i]!.code}">${s}</td>`)}<td class="total">${m.totals.total}</td></tr>
    <tr class="pct" data-testid="percent-row"><td></td><th scope="row" class="name">${txt(lang, L(`Tỷ lệ xã đạt (%) trên ${of} xã`, `Communes meeting it (%) of ${of}`))}</th>${m.totals.sums.map((s, i) => html`<td data-criterion="${m.criteria[i]!.code}">${formatHundredthsVi(percentHundredths(s, of))}</td>`)}<td></td></tr>
  </tfoot>
</table></div>`;
}

function attainmentTable(ctx: PageContext, m: CriteriaMatrix): Html {
  const { lang } = ctx;
  const a = criteriaAttainment(m);
  return html`<table class="attain compact" data-testid="attainment"><thead><tr>
    <th scope="col">${bi(lang, L('Tiêu chí', 'Criterion'))}</th><th scope="col">${bi(lang, L('Số xã đạt / tổng số xã = tỷ lệ', 'Communes meeting it / communes = rate'))}</th></tr></thead><tbody>
    ${a.rows.map((r) => html`<tr data-criterion="${r.code}"><td>${r.code}. ${lang === 'en' ? r.nameEn : r.nameVi}</td><td class="num">${r.textVi}</td></tr>`)}
  </tbody></table>`;
}

function bandsTable(ctx: PageContext, m: CriteriaMatrix): Html {
  const { lang } = ctx;
  const b = criteriaBands(m);
  const names = new Map(m.districts.flatMap((d) => d.communes.map((c) => [c.code, c.name] as const)));
  return html`<p class="average" data-testid="average">${bi(lang, L('Số tiêu chí bình quân', 'Average criteria met'))}: <strong>${b.averageVi}</strong> ${txt(lang, L('tiêu chí/xã', 'criteria per commune'))}
    <small class="muted">(${b.totalCriteriaMet}/${b.units})</small></p>
  <table class="bands compact" data-testid="bands"><thead><tr>
    <th scope="col">${bi(lang, L('Nhóm xã', 'Band'))}</th><th scope="col">${bi(lang, L('Số xã', 'Communes'))}</th><th scope="col">${bi(lang, L('Tỷ lệ', 'Rate'))}</th><th scope="col">${bi(lang, L('Các xã', 'Which'))}</th></tr></thead><tbody>
    ${b.bands.map(
      (x) => html`<tr data-band="${x.id}"><td>${bi(lang, L(x.labelVi, x.labelEn))}</td><td class="num">${x.count}</td><td class="num">${x.textVi}</td>
      <td><small>${x.unitCodes.map((c) => names.get(c) ?? c).join(', ')}</small></td></tr>`,
    )}
  </tbody></table>`;
}

function downloads(ctx: PageContext, m: CriteriaMatrix): Html {
  const { lang } = ctx;
  return html`<div class="downloads no-print" aria-label="${txt(lang, L('Tải về', 'Downloads'))}">
    <strong>${bi(lang, L('Tải về', 'Download'))}:</strong>
    <a href="${apiLink('matrix', m, 'xlsx')}" download data-testid="download-matrix-xlsx">${bi(lang, L('Ma trận (Excel)', 'Matrix (Excel)'))}</a>
    <a href="${apiLink('criteria', m, 'xlsx')}" download>${bi(lang, L('Tỷ lệ đạt (Excel)', 'Attainment (Excel)'))}</a>
    <a href="${apiLink('bands', m, 'xlsx')}" download>${bi(lang, L('Nhóm xã (Excel)', 'Bands (Excel)'))}</a>
    <a href="${apiLink('matrix', m, 'svg')}">${bi(lang, L('Biểu đồ (SVG)', 'Chart (SVG)'))}</a>
    <a href="${apiLink('matrix', m, 'json')}">JSON</a>
    <button type="button" data-action="print">${txt(lang, L('In', 'Print'))}</button>
  </div>`;
}

export function matrixBody(ctx: PageContext, v: MatrixView): Html {
  const { lang } = ctx;
  const m = v.matrix;
  if (!m) {
    return html`${filtersForm(ctx, v)}${
      v.error && !v.error.field
        ? html`<div class="flash error" role="alert"><p>${v.error.vi}</p><p class="gloss" lang="en">${v.error.en}</p><p><small>${v.error.code}</small></p></div>`
        : ''
    }${v.scopes.length === 0 ? html`<p class="muted">${bi(lang, L('Bạn không có quyền xem báo cáo của huyện hoặc tỉnh nào.', 'You may not read the reports of any district or province.'))}</p>` : ''}`;
  }
  const levelVi = m.scope.level === 'province' ? 'Tỉnh' : 'Huyện';
  const levelEn = m.scope.level === 'province' ? 'Province' : 'District';
  return html`${filtersForm(ctx, v)}
  <div class="report-head">
    <div class="t">Kết quả thực hiện bộ tiêu chí về xây dựng nông thôn mới</div>
    <div class="s" data-testid="report-subtitle">(${levelVi} ${m.scope.name}, đến ngày ${formatVnDate(m.asOf as LocalDate)}; ${listCriteriaSets().find((s) => s.id === m.setId)?.nameVi ?? m.setId})</div>
    ${lang === 'en' ? html`<div class="gloss" lang="en">Criteria met by the communes of ${levelEn.toLowerCase()} ${m.scope.name}, as of ${formatVnDate(m.asOf as LocalDate)}</div>` : ''}
  </div>
  ${downloads(ctx, m)}
  <p class="muted">${bi(
    lang,
    L(
      `${m.totals.communesWithData}/${m.totals.communesInScope} xã có số liệu đến ngày ${formatVnDate(m.asOf as LocalDate)}; tỷ lệ tính trên các xã có số liệu, cắt ở hai chữ số thập phân.`,
      `${m.totals.communesWithData} of ${m.totals.communesInScope} communes have data by then; rates are over the communes with data, cut at two decimals.`,
    ),
  )}</p>
  ${matrixTable(ctx, m, v.filters.hideEmpty)}
  <section class="after" aria-labelledby="h-attain">
  <div class="report-grid">
    <div><h2 id="h-attain">${bi(lang, L('Tỷ lệ xã đạt từng tiêu chí', 'Communes meeting each criterion'))}</h2>${attainmentTable(ctx, m)}</div>
    <div><h2 id="h-bands">${bi(lang, L('Phân nhóm xã theo số tiêu chí đạt', 'Communes by criteria met'))}</h2>${bandsTable(ctx, m)}</div>
  </div>
  </section>
  <section class="after" aria-labelledby="h-chart"><h2 id="h-chart">${bi(lang, L('Biểu đồ', 'Charts'))}</h2>
    <div class="charts">
      <figure class="chart" data-testid="chart-attainment">${raw(chartSvg(m))}</figure>
      <figure class="chart" data-testid="chart-bands">${raw(chartSvg(criteriaBands(m)))}</figure>
    </div>
  </section>`;
}
