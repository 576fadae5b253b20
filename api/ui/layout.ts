/** The page shell: header with who is signed in, navigation, language switch, flash and footer. */
import type { SignedIn } from '../../app/sessions';
import { findDepartment } from '../../domain/departments';
import { bi, L, roleLabel, txt, type Bilingual, type Lang } from './format';
import { html, type Html, type Renderable } from './html';

export interface PageContext {
  lang: Lang;
  user?: SignedIn;
  /** Path + query of the current page, for the language switch. */
  url: string;
  csrf?: string;
  now: Date;
  /** Whether the report pages exist in this build (another module serves them). */
  reports?: boolean;
}

export interface Flash {
  kind: 'ok' | 'error';
  message: Bilingual;
}

function langSwitch(ctx: PageContext): Html {
  const u = new URL(ctx.url, 'http://x');
  u.searchParams.set('lang', ctx.lang === 'en' ? 'vi' : 'en');
  return html`<a class="lang" href="${u.pathname + u.search}" lang="${ctx.lang === 'en' ? 'vi' : 'en'}">${ctx.lang === 'en' ? 'Tiếng Việt' : 'English'}</a>`;
}

export function flashBox(lang: Lang, f: Flash | undefined): Html {
  if (!f) return html``;
  return html`<div class="flash ${f.kind}" role="${f.kind === 'error' ? 'alert' : 'status'}">${bi(lang, f.message)}</div>`;
}

export function page(ctx: PageContext, title: Bilingual, body: Renderable, flash?: Flash): string {
  const { lang, user } = ctx;
  const nav = user
    ? html`<nav aria-label="${txt(lang, L('Điều hướng chính', 'Main navigation'))}">
        <a href="/ui/">${bi(lang, L('Bảng theo dõi', 'Dashboard'))}</a>
        <a href="/ui/inbox">${bi(lang, L('Việc của tôi', 'My inbox'))}</a>
        ${ctx.reports ? html`<a href="/ui/reports/matrix">${bi(lang, L('Ma trận tiêu chí', 'Criteria matrix'))}</a>` : ''}
        <a href="/ui/plans">${bi(lang, L('Kế hoạch năm', 'Plan the year'))}</a>
        <a href="/ui/obligations">${bi(lang, L('Báo cáo định kỳ', 'Periodic reports'))}</a>
        <a href="/api/docs">API</a>
      </nav>
      <div class="who">
        <span>${user.displayName}</span>
        <span class="gloss">${user.principal.grants.map((g) => `${txt(lang, roleLabel(g.role))}${g.department ? ` · ${findDepartment(g.department)?.nameVi ?? g.department}` : ''}`).join('; ')}</span>
        <form method="post" action="/ui/sign-out" class="inline">
          <input type="hidden" name="_csrf" value="${ctx.csrf ?? ''}">
          <button type="submit" class="link">${bi(lang, L('Đăng xuất', 'Sign out'))}</button>
        </form>
      </div>`
    : html``;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${txt(lang, title)} · NTM</title>
<link rel="stylesheet" href="/ui/assets/style.css">
<script src="/ui/assets/ui.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/ui/">${bi(lang, L('Hồ sơ Nông thôn mới', 'New Rural dossiers'))}</a>
  ${nav}
  ${langSwitch(ctx)}
</header>
<main id="main">
<h1>${bi(lang, title)}</h1>
${flashBox(lang, flash)}
${body}
</main>
<footer>${bi(lang, L('Ngày giờ theo giờ Việt Nam (UTC+7), định dạng dd/mm/yyyy', 'Dates in Vietnam time (UTC+7), dd/mm/yyyy'))}</footer>
</body>
</html>`.value;
}
