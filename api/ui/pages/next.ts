/**
 * The "what I must do next" panel (issue 14) at the top of the dashboard and the inbox: each dossier
 * waiting for the person, the action in words, the due date dd/mm/yyyy with the working days left or
 * past, and the basis of that date (the plan letter's step, or the review time limit). From
 * app/read-models `nextActions` (domain/next-actions.ts).
 */
import type { NextAction } from '../../../domain/next-actions';
import { bi, dossierPath, L, txt } from '../format';
import { html, type Html } from '../html';
import type { PageContext } from '../layout';

/** Where the person does it: the checklist page, the department's review page, or the dossier's actions. */
function actionHref(a: NextAction): string {
  const base = dossierPath(a.dossierId);
  if (a.action === 'commune.submitted') return `${base}/checklist`;
  if (a.action === 'criterion.reviewed') return `${base}/review`;
  return `${base}#actions`;
}

const CLS: Record<NextAction['countdown'], string> = { overdue: 'late', today: 'soon', ahead: 'ok', none: 'muted' };

export function nextActionsPanel(ctx: PageContext, items: readonly NextAction[]): Html {
  const { lang } = ctx;
  const rows = items.map((a) => {
    const cls = a.countdown === 'ahead' && (a.workingDays ?? 99) <= 5 ? 'soon' : CLS[a.countdown];
    return html`<li class="next-item${a.countdown === 'overdue' ? ' row-late' : ''}" data-dossier="${a.dossierId}" data-action="${a.action}">
      <p class="next-what"><a href="${actionHref(a)}"><strong>${bi(lang, L(a.actionVi, a.actionEn))}</strong></a>${a.criteria ? html` <small>(${bi(lang, L('tiêu chí', 'criteria'))} ${a.criteria.join(', ')})</small>` : ''}
        — <a href="${dossierPath(a.dossierId)}">${a.unitName}</a> <small>· ${a.titleVi} ${a.planYear}</small></p>
      <p class="next-due">${a.dueVi ? html`${bi(lang, L('Hạn', 'Due'))} <strong data-testid="next-due">${a.dueVi}</strong> ` : ''}<span class="${cls}">${bi(lang, L(a.countdownVi, a.countdownEn))}</span></p>
      ${a.suspended ? html`<p class="next-suspended"><small>${bi(lang, L(a.suspended.vi, a.suspended.en))}</small></p>` : ''}
      ${a.basis ? html`<p class="next-basis"><small>${bi(lang, L('Căn cứ', 'Basis'))}: ${txt(lang, L(a.basis.vi, a.basis.en))}</small></p>` : ''}
    </li>`;
  });
  return html`<section class="next-actions" aria-labelledby="h-next" data-testid="next-actions"><h2 id="h-next">${bi(lang, L('Việc tôi phải làm tiếp', 'What I must do next'))} (${items.length})</h2>
  ${items.length === 0 ? html`<p class="muted">${bi(lang, L('Không có hồ sơ nào chờ bạn', 'No dossier is waiting for you'))}</p>` : html`<ol class="next-list">${rows}</ol>`}
  </section>`;
}
