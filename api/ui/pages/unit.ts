/**
 * A unit in time (issue 12): the unit with its validity, what it was formed from and what it became
 * (each link with its source; an unsourced link is never shown as known), the recognitions of the unit
 * and its predecessors, and their newest criteria marks per set. A post-merger commune thus shows the
 * history of the communes it continues.
 */
import type { UnitHistoryView } from '../../../app/unit-history';
import { getCriteriaSet } from '../../../domain/criteria';
import { bi, L, levelName, titleLabel, txt, vnDate, withQuery } from '../format';
import { html, type Html } from '../html';
import type { PageContext } from '../layout';

export const unitPath = (code: string): string => withQuery('/ui/units', { code });

const setName = (id: string): string => {
  const s = getCriteriaSet(id);
  return s.ok ? s.value.nameVi : id;
};

export function unitBody(ctx: PageContext, v: UnitHistoryView): Html {
  const { lang } = ctx;
  const u = v.unit;
  const validity = `${u.validFrom ? vnDate(u.validFrom) : '…'} – ${u.validTo ? vnDate(u.validTo) : txt(lang, L('nay', 'now'))}`;
  const link = (code: string, name: string) => html`<a href="${unitPath(code)}">${name}</a>`;
  const source = (s: string | undefined) => (s ? html`<small>${s}</small>` : html`<small>${txt(lang, L('chưa có nguồn', 'no source'))}</small>`);
  return html`
  <dl class="summary">
    <dt>${bi(lang, L('Cấp', 'Level'))}</dt><dd>${bi(lang, levelName(u.level))}</dd>
    <dt>${bi(lang, L('Hiệu lực', 'Valid'))}</dt><dd>${validity}</dd>
  </dl>
  <section aria-labelledby="h-pred"><h2 id="h-pred">${bi(lang, L('Hình thành từ', 'Formed from'))}</h2>
  ${
    v.predecessors.length === 0
      ? html`<p>${bi(lang, L('Không có đơn vị tiền thân được ghi nhận (hoặc chưa có nguồn).', 'No recorded predecessor (or none sourced yet).'))}</p>`
      : html`<table><thead><tr><th>${bi(lang, L('Đơn vị', 'Unit'))}</th><th>${bi(lang, L('Hết hiệu lực', 'Valid until'))}</th><th>${bi(lang, L('Nguồn', 'Source'))}</th></tr></thead><tbody>
        ${v.predecessors.map((p) => html`<tr><td>${'— '.repeat(Math.max(0, p.depth - 1))}${link(p.code, p.name)}</td><td>${p.validTo ? vnDate(p.validTo) : ''}</td><td>${source(p.source)}</td></tr>`)}
        </tbody></table>`
  }</section>
  ${
    v.successors.length === 0
      ? ''
      : html`<section aria-labelledby="h-succ"><h2 id="h-succ">${bi(lang, L('Đã sáp nhập vào', 'Became part of'))}</h2><table><thead><tr><th>${bi(lang, L('Đơn vị', 'Unit'))}</th><th>${bi(lang, L('Hiệu lực từ', 'Valid from'))}</th><th>${bi(lang, L('Nguồn', 'Source'))}</th></tr></thead><tbody>
        ${v.successors.map((s) => html`<tr><td>${link(s.code, s.name)}</td><td>${s.validFrom ? vnDate(s.validFrom) : ''}</td><td>${source(s.source)}</td></tr>`)}
        </tbody></table></section>`
  }
  <section aria-labelledby="h-rec"><h2 id="h-rec">${bi(lang, L('Kết quả công nhận', 'Recognitions'))}</h2>
  ${
    v.recognitions.length === 0
      ? html`<p>${bi(lang, L('Chưa có hồ sơ được công nhận.', 'No recognised dossier yet.'))}</p>`
      : html`<table><thead><tr><th>${bi(lang, L('Đơn vị', 'Unit'))}</th><th>${bi(lang, L('Danh hiệu', 'Title'))}</th><th>${bi(lang, L('Năm', 'Year'))}</th><th>${bi(lang, L('Quyết định', 'Decision'))}</th></tr></thead><tbody>
        ${v.recognitions.map((r) => html`<tr><td>${r.unitName}</td><td>${bi(lang, titleLabel(r.title))}</td><td>${r.planYear}</td><td>${r.decisionNumber ?? ''}${r.decisionDate ? html` <small>${vnDate(r.decisionDate)}</small>` : ''}</td></tr>`)}
        </tbody></table>`
  }</section>
  <section aria-labelledby="h-marks"><h2 id="h-marks">${bi(lang, L('Tiêu chí đạt (số liệu mới nhất)', 'Criteria met (newest figures)'))}</h2>
  ${
    v.marks.length === 0
      ? html`<p>${bi(lang, L('Chưa có số liệu tiêu chí.', 'No criteria figures yet.'))}</p>`
      : html`<table><thead><tr><th>${bi(lang, L('Đơn vị', 'Unit'))}</th><th>${bi(lang, L('Bộ tiêu chí', 'Criteria set'))}</th><th>${bi(lang, L('Ngày số liệu', 'As of'))}</th><th>${bi(lang, L('Đạt', 'Met'))}</th></tr></thead><tbody>
        ${v.marks.map((m) => html`<tr><td>${m.unitCode === u.code ? u.name : (v.predecessors.find((p) => p.code === m.unitCode)?.name ?? m.unitCode)}</td><td>${setName(m.setId)}</td><td>${vnDate(m.asOf)}</td><td>${m.met}/${m.of}</td></tr>`)}
        </tbody></table>`
  }</section>`;
}
