/** Form building blocks: labelled fields with their error next to them, the CSRF token and request id. */
import { bi, txt, L, type Bilingual, type Lang } from './format';
import { html, raw, type Html, type Renderable } from './html';
import type { FieldError, FormBody } from './actions';

export interface FormState {
  lang: Lang;
  csrf: string;
  /** Errors of this form (only the form that was posted carries them). */
  errors: FieldError[];
  /** Values posted, to keep what the person typed when the form comes back with errors. */
  values: FormBody;
}

const idOf = (form: string, name: string): string => `${form.replace(/[^a-z0-9]/gi, '-')}-${name}`;

export function value(s: FormState, name: string, fallback = ''): string {
  const v = s.values[name];
  return (Array.isArray(v) ? v[0] : v) ?? fallback;
}

export function fieldError(s: FormState, form: string, name: string): Html {
  const errs = s.errors.filter((e) => e.field === name);
  if (errs.length === 0) return html``;
  return html`<p class="field-error" id="${idOf(form, name)}-error" role="alert">${errs.map((e) => html`<span>${e.vi}</span> <span class="gloss" lang="en">${e.en}</span> `)}</p>`;
}

function describedBy(s: FormState, form: string, name: string): string {
  return s.errors.some((e) => e.field === name) ? `aria-describedby="${idOf(form, name)}-error" aria-invalid="true"` : '';
}

export function textField(
  s: FormState,
  form: string,
  name: string,
  label: Bilingual,
  opts: { type?: string; placeholder?: string; required?: boolean; fallback?: string; size?: number; inputmode?: string } = {},
): Html {
  const id = idOf(form, name);
  const attrs = [
    opts.placeholder ? `placeholder="${opts.placeholder}"` : '',
    opts.required ? 'required' : '',
    opts.size ? `size="${opts.size}"` : '',
    opts.inputmode ? `inputmode="${opts.inputmode}"` : '',
    describedBy(s, form, name),
  ].join(' ');
  return html`<div class="field"><label for="${id}">${bi(s.lang, label)}</label>
    <input id="${id}" name="${name}" type="${opts.type ?? 'text'}" value="${value(s, name, opts.fallback)}" ${rawAttrs(attrs)}>
    ${fieldError(s, form, name)}</div>`;
}

export function textArea(s: FormState, form: string, name: string, label: Bilingual, opts: { rows?: number; hint?: Bilingual; fallback?: string } = {}): Html {
  const id = idOf(form, name);
  return html`<div class="field"><label for="${id}">${bi(s.lang, label)}</label>
    ${opts.hint ? html`<small class="hint">${bi(s.lang, opts.hint)}</small>` : ''}
    <textarea id="${id}" name="${name}" rows="${opts.rows ?? 2}" ${rawAttrs(describedBy(s, form, name))}>${value(s, name, opts.fallback)}</textarea>
    ${fieldError(s, form, name)}</div>`;
}

export function select(
  s: FormState,
  form: string,
  name: string,
  label: Bilingual,
  options: { value: string; label: string }[],
  opts: { fallback?: string; required?: boolean } = {},
): Html {
  const id = idOf(form, name);
  const current = value(s, name, opts.fallback);
  return html`<div class="field"><label for="${id}">${bi(s.lang, label)}</label>
    <select id="${id}" name="${name}" ${rawAttrs(`${opts.required ? 'required' : ''} ${describedBy(s, form, name)}`)}>
      ${options.map((o) => html`<option value="${o.value}" ${rawAttrs(o.value === current ? 'selected' : '')}>${o.label}</option>`)}
    </select>
    ${fieldError(s, form, name)}</div>`;
}

export function radios(s: FormState, form: string, name: string, label: Bilingual, options: { value: string; label: Bilingual }[], fallback = ''): Html {
  const current = value(s, name, fallback);
  return html`<fieldset class="field radios" ${rawAttrs(describedBy(s, form, name))}><legend>${bi(s.lang, label)}</legend>
    ${options.map((o) => {
      const id = `${idOf(form, name)}-${o.value}`;
      return html`<label for="${id}"><input type="radio" id="${id}" name="${name}" value="${o.value}" ${rawAttrs(o.value === current ? 'checked' : '')}> ${bi(s.lang, o.label)}</label>`;
    })}
    ${fieldError(s, form, name)}</fieldset>`;
}

/** The optional reference to an official document (số, ngày, cơ quan ban hành). */
export function documentFields(s: FormState, form: string, legend: Bilingual = L('Văn bản kèm theo (nếu có)', 'Attached document (optional)')): Html {
  return html`<fieldset class="doc"><legend>${bi(s.lang, legend)}</legend>
    ${textField(s, form, 'docNumber', L('Số văn bản', 'Number'), { placeholder: '45/TTr-UBND', size: 16 })}
    ${textField(s, form, 'docDate', L('Ngày', 'Date'), { placeholder: 'dd/mm/yyyy', size: 11 })}
    ${textField(s, form, 'docIssuer', L('Cơ quan ban hành', 'Issuer'), { placeholder: 'UBND xã …', size: 24 })}
  </fieldset>`;
}

export function formErrors(s: FormState): Html {
  const general = s.errors.filter((e) => e.field === '' || e.field === 'type');
  if (general.length === 0) return html``;
  return html`<div class="flash error" role="alert">${general.map((e) => html`<p>${e.vi} <span class="gloss" lang="en">${e.en}</span></p>`)}</div>`;
}

export function actionForm(
  s: FormState,
  action: string,
  type: string,
  requestId: string,
  legend: Bilingual,
  body: Renderable,
  submit: Bilingual,
  cls = '',
): Html {
  return html`<form method="post" action="${action}" class="action ${cls}" data-action="${type}" novalidate>
    <fieldset><legend>${bi(s.lang, legend)}</legend>
    <input type="hidden" name="_csrf" value="${s.csrf}">
    <input type="hidden" name="type" value="${type}">
    <input type="hidden" name="requestId" value="${requestId}">
    ${formErrors(s)}
    ${body}
    <button type="submit">${txt(s.lang, submit)}</button>
    </fieldset>
  </form>`;
}

/** Attribute text we built ourselves (no user input inside). */
function rawAttrs(s: string): Html {
  return raw(s);
}
