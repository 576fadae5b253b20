/**
 * A tiny HTML builder: a tagged template that escapes every interpolated value unless it is already
 * HTML (built by `html` itself or marked with `raw`). Type-checked with the rest of the code, so a page
 * that reads a field the status does not have fails `tsc`, not a user.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Renderable = Html | string | number | boolean | null | undefined | readonly Renderable[];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function render(v: Renderable): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return (v as readonly Renderable[]).map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Renderable[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Trusted markup (e.g. an SVG produced by our own report code). */
export const raw = (s: string): Html => new Html(s);

export const join = (parts: readonly Renderable[]): Html => new Html(parts.map(render).join(''));
