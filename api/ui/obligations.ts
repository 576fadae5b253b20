/**
 * The periodic-reporting page of the web UI (issue 16): per office, each obligation, each period
 * opened so far, who has and has not reported (late ones first), the Excel download, and the plan
 * year's forecast (on track / at risk / will miss, with the reasons in words).
 *
 *   GET /ui/obligations?office=<unit code>
 */
import csrf from '@fastify/csrf-protection';
import type { FastifyPluginAsync } from 'fastify';
import type { Application } from '../../app';
import type { ObligationDashboard } from '../../app/obligations';
import { FORECAST_STATUS_LABELS, type PlanForecast } from '../../domain/forecast';
import { bi, L, titleLabel, txt, vnDate, vnDateTime, type Lang } from './format';
import { html, type Html } from './html';
import { page, type PageContext } from './layout';

export function dashboardSection(lang: Lang, d: ObligationDashboard): Html {
  if (d.obligations.length === 0) return html`<p>${bi(lang, L('Chưa có nghĩa vụ báo cáo định kỳ nào.', 'No periodic reporting obligations yet.'))}</p>`;
  return html`${d.obligations.map(
    (o) => html`<section class="obligation" aria-labelledby="h-${o.id}">
      <h2 id="h-${o.id}">${lang === 'en' ? o.titleEn : o.titleVi}</h2>
      <p class="gloss">${bi(lang, L(`Đơn vị báo cáo: ${o.reporterVi} · Nơi nhận: ${o.receiverVi}`, `Reporters: ${o.reporterVi} · Receiver: ${o.receiverVi}`))}${o.status !== 'active' ? html` · <strong>${o.status}</strong>` : ''}</p>
      ${o.periods.map(
        (p) => html`<table class="obligation-period" data-period="${p.key}">
          <caption>${bi(lang, L(`Kỳ ${p.key} (${p.kindVi}): ${vnDate(p.start)} – ${vnDate(p.end)}, hạn ${vnDate(p.due)}`, `Period ${p.key}: ${vnDate(p.start)} – ${vnDate(p.end)}, due ${vnDate(p.due)}`))}
            — <span data-testid="reported-${p.key}">${p.reported}/${p.total}</span> ${txt(lang, L('đã báo cáo', 'reported'))}${p.late ? html`, <span class="late">${p.late} ${txt(lang, L('trễ hạn', 'late'))}</span>` : ''}</caption>
          <thead><tr><th scope="col">${txt(lang, L('Đơn vị', 'Reporter'))}</th><th scope="col">${txt(lang, L('Tình trạng', 'Status'))}</th><th scope="col">${txt(lang, L('Ngày nộp', 'Submitted'))}</th><th scope="col">${txt(lang, L('Văn bản', 'Document'))}</th></tr></thead>
          <tbody>${p.rows.map(
            (r) =>
              html`<tr class="${r.late ? 'late' : ''}"><td>${r.name}</td><td>${lang === 'en' ? r.statusEn : r.statusVi}${r.late ? html` · <strong>${txt(lang, L('trễ hạn', 'late'))}</strong>` : ''}${r.escalatedAt ? html` · ${txt(lang, L('đã báo cáo cấp trên', 'escalated'))}` : ''}</td><td>${r.submittedAt ? vnDateTime(r.submittedAt) : '—'}</td><td>${r.documentRef ?? ''}</td></tr>`,
          )}</tbody>
        </table>`,
      )}
    </section>`,
  )}`;
}

/**
 * The plan year's forecast (domain/forecast via the app layer), will-miss first: the unit by its name,
 * the title and the deadline, the forecast in words and why ("cần thêm 4 tiêu chí, tốc độ 2 năm qua
 * 1,5 tiêu chí/năm"). Shown on the periodic-reports page and on the office dashboard.
 */
export function forecastSection(lang: Lang, plans: readonly PlanForecast[]): Html {
  const all = plans.flatMap((p) => p.forecasts);
  const heading = bi(lang, L('Dự báo đạt chuẩn của các đơn vị đăng ký', 'Will the registered units meet their target'));
  if (all.length === 0)
    return html`<section class="forecast" aria-labelledby="h-forecast"><h2 id="h-forecast">${heading}</h2><p>${bi(lang, L('Chưa có đơn vị đăng ký trong kế hoạch năm.', 'No unit registered in a plan year.'))}</p></section>`;
  const order = { will_miss: 0, at_risk: 1, on_track: 2 } as const;
  const rows = [...all].sort((a, b) => order[a.status] - order[b.status] || a.unitName.localeCompare(b.unitName, 'vi'));
  const counts = { on_track: 0, at_risk: 0, will_miss: 0 };
  for (const f of all) counts[f.status]++;
  const years = [...new Set(plans.map((p) => p.year))].join(', ');
  return html`<section class="forecast" aria-labelledby="h-forecast"><h2 id="h-forecast">${heading}</h2>
    <p class="gloss">${bi(
      lang,
      L(
        `Kế hoạch năm ${years}, tính đến ngày ${vnDate(plans[0]!.asOf)}: ${counts.will_miss} không kịp đạt, ${counts.at_risk} có nguy cơ, ${counts.on_track} đúng tiến độ. Dự báo theo số tiêu chí đạt qua các lần nhập số liệu và hồ sơ.`,
        `Plan year ${years}, as of ${vnDate(plans[0]!.asOf)}: ${counts.will_miss} will miss, ${counts.at_risk} at risk, ${counts.on_track} on track. From the criteria met over the imports and dossiers.`,
      ),
    )}</p>
    <table class="forecast"><thead><tr><th scope="col">${txt(lang, L('Đơn vị', 'Unit'))}</th><th scope="col">${txt(lang, L('Danh hiệu', 'Title'))}</th><th scope="col">${txt(lang, L('Hạn', 'Deadline'))}</th><th scope="col">${txt(lang, L('Tiêu chí đạt', 'Criteria met'))}</th><th scope="col">${txt(lang, L('Dự báo', 'Forecast'))}</th><th scope="col">${txt(lang, L('Lý do', 'Why'))}</th></tr></thead>
    <tbody>${rows.map(
      (f) =>
        html`<tr class="${f.status === 'will_miss' ? 'late' : f.status === 'at_risk' ? 'soon' : ''}" data-unit="${f.unitCode}" data-status="${f.status}"><td>${f.unitName}</td><td>${txt(lang, titleLabel(f.title))}</td><td>${vnDate(f.deadline)}</td><td>${f.current === null ? '—' : `${f.current}/${f.target}`}</td><td><strong>${txt(lang, FORECAST_STATUS_LABELS[f.status])}</strong></td><td>${f.reasons.map((r) => (lang === 'en' ? r.en : r.vi)).join('; ')}</td></tr>`,
    )}</tbody></table></section>`;
}

export const obligationsUi: FastifyPluginAsync<{ app: Application }> = async (root, { app: application }) => {
  await root.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/ui', sameSite: 'strict', httpOnly: true },
    getToken: (req) => (req.body as Record<string, string> | undefined)?._csrf,
  });
  root.get('/ui/obligations', { schema: { hide: true } }, async (req, reply) => {
    if (!req.signedIn) return reply.redirect(`/ui/sign-in?next=${encodeURIComponent(req.url)}`);
    const q = req.query as Record<string, string | undefined>;
    const lang: Lang = q.lang === 'en' || (q.lang !== 'vi' && req.cookies.ntm_lang === 'en') ? 'en' : 'vi';
    const user = req.signedIn;
    const office = (q.office && q.office.trim()) || user.principal.grants[0]?.unitCode || '';
    const ctx: PageContext = { lang, user, url: req.url, csrf: reply.generateCsrf(), now: application.clock(), reports: true };
    const d = await application.obligations.dashboard(user.principal, office);
    const forecast = await application.obligations.forecast(user.principal, office);
    const body = html`<p>${bi(lang, L(`Văn phòng: ${d.office.name} · tính đến ngày ${vnDate(d.asOf)}`, `Office: ${d.office.name} · as of ${vnDate(d.asOf)}`))}
      · <a href="/api/obligations/dashboard?office=${encodeURIComponent(office)}&format=xlsx">${txt(lang, L('Tải Excel', 'Download Excel'))}</a>
      · <a href="/api/obligations/dashboard?office=${encodeURIComponent(office)}">JSON</a></p>
      ${forecastSection(lang, forecast)}
      ${dashboardSection(lang, d)}`;
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(page(ctx, L('Báo cáo định kỳ', 'Periodic reports'), body));
  });
};
