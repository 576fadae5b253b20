/** The dossier page: summary, deadlines, review clock, what I may do now, the criteria checklist, timeline, reminders. */
import { parseLocalDate, parseVnDate, type LocalDate, type ReviewClockView } from '../../../domain/calendar';
import { appError } from '../../../domain/errors';
import type { CriteriaSet } from '../../../domain/criteria';
import { currentLevel, type DossierContext } from '../../../domain/dossier/context';
import type { DossierState, DossierStatus } from '../../../domain/dossier';
import { newRequestId, type FieldError, type FormBody, type OfferedAction } from '../actions';
import {
  actionLabel,
  bi,
  countdown,
  departmentLabel,
  dossierPath,
  L,
  levelName,
  noticeKindLabel,
  roleLabel,
  stageLabel,
  titleLabel,
  todayVn,
  txt,
  VERDICT_LABELS,
  vnDate,
  vnDateTime,
  type Lang,
} from '../format';
import { actionForm, documentFields, radios, select, textArea, textField, type FormState } from '../forms';
import { html, raw, type Html } from '../html';
import type { NextDeadline } from '../../../app/read-models';
import { unitPath } from './unit';
import type { PageContext } from '../layout';
import { documentsLink } from '../documents';

export interface DossierView {
  status: DossierStatus;
  state: DossierState;
  set: CriteriaSet;
  timeline: {
    eventId: string;
    seq: number;
    type: string;
    fromStage: string;
    toStage: string;
    actorId: string;
    actorRole: string;
    at: string;
    comment: string | null;
  }[];
  reminders: { id: string; kind: string; recipient: string; subject: string; dueAt: Date | null; createdAt: Date }[];
  deadlines: NextDeadline[];
  /** Plan stages whose work is done (domain stageDone). */
  doneStages: Set<string>;
  offered: OfferedAction[];
  units: Map<string, string>;
  people: Map<string, string>;
  /** A reminder's recipient (username, or role@unit#department) → whom it names, in words. */
  recipients?: Map<string, { vi: string; en: string }>;
  /** The current level's review clock in working days (absent before submission or without a plan limit). */
  reviewClock?: ReviewClockView;
  /** The form that was posted and came back with errors. */
  failed?: { type: string; errors: FieldError[]; values: FormBody };
  /** Issue 13: the dossier as it stood at the end of this day (yyyy-mm-dd), rebuilt from its events; read only. */
  asOf?: string;
}

const name = (v: DossierView, code: string): string => v.units.get(code) ?? code;
const person = (v: DossierView, id: string): string => v.people.get(id) ?? (id === 'system' ? 'Hệ thống' : id);

function summary(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  const s = v.status;
  const lateStages = Object.entries(s.late);
  return html`<section class="summary" aria-labelledby="h-summary">
  <h2 id="h-summary" class="visually-hidden">${bi(lang, L('Tóm tắt', 'Summary'))}</h2>
  <dl class="grid">
    <dt>${bi(lang, L('Đơn vị', 'Unit'))}</dt><dd>${name(v, s.unitCode)} <small><a href="${unitPath(s.unitCode)}">${txt(lang, L('lịch sử đơn vị', 'unit history'))}</a></small></dd>
    <dt>${bi(lang, L('Danh hiệu', 'Title'))}</dt><dd>${bi(lang, titleLabel(s.title))}</dd>
    <dt>${bi(lang, L('Năm kế hoạch', 'Plan year'))}</dt><dd>${s.planYear}</dd>
    <dt>${bi(lang, L('Bộ tiêu chí', 'Criteria set'))}</dt><dd>${bi(lang, { vi: v.set.nameVi, en: v.set.nameEn })}</dd>
    <dt>${bi(lang, L('Bước hiện tại', 'Stage'))}</dt><dd><span class="badge stage-${s.stage}" data-testid="stage">${bi(lang, s.stageLabel)}</span>
      ${s.stage !== 'self_assessment' && s.stage !== 'returned' ? html` · ${bi(lang, L('cấp', 'level'))} ${name(v, s.levelUnitCode)}` : ''}</dd>
    <dt>${bi(lang, L('Chờ ai xử lý', 'Waiting for'))}</dt><dd>${
      s.awaiting.length === 0
        ? bi(lang, L('Không ai (đã kết thúc hoặc chờ hệ thống)', 'Nobody (finished, or waiting for the system)'))
        : html`<ul class="plain">${dedupeAwaiting(s).map((a) => html`<li>${bi(lang, roleLabel(a.role))}${a.department ? html` — ${bi(lang, departmentLabel(a.department))}` : ''}: ${bi(lang, actionLabel(a.action))}</li>`)}</ul>`
    }</dd>
    <dt>${bi(lang, L('Tự đánh giá', 'Self-assessed'))}</dt><dd>${s.selfAssessed}/${s.criteriaCount} ${bi(lang, L('tiêu chí', 'criteria'))}</dd>
    ${s.verification ? html`<dt>${bi(lang, L('Kiểm tra tiêu chí', 'Criteria check'))}</dt><dd>${s.verification.metCount}/${s.verification.total} ${bi(lang, L('đạt', 'met'))} · ${s.verification.eligible ? html`<span class="ok">${bi(lang, L('đủ điều kiện', 'eligible'))}</span>` : html`<span class="late">${bi(lang, L('chưa đủ điều kiện', 'not eligible'))}</span>`}</dd>` : ''}
    ${s.vote ? html`<dt>${bi(lang, L('Biểu quyết hội đồng', 'Council vote'))}</dt><dd>${s.vote.inFavour}/${s.vote.members} ${bi(lang, L('tán thành', 'in favour'))}, ${s.vote.against} ${bi(lang, L('không tán thành', 'against'))}, ${s.vote.abstained} ${bi(lang, L('không biểu quyết', 'abstained'))}</dd>` : ''}
    ${s.decision ? html`<dt>${bi(lang, L('Quyết định', 'Decision'))}</dt><dd data-testid="decision">${txt(lang, L(`${s.decision.number} ngày ${vnDate(s.decision.date)}`, `${s.decision.number} of ${vnDate(s.decision.date)}`))} — ${s.decision.signer} (${s.decision.outcome === 'recognised' ? bi(lang, L('công nhận', 'recognised')) : bi(lang, L('không công nhận', 'refused'))})</dd>` : ''}
    ${lateStages.length > 0 ? html`<dt>${bi(lang, L('Trễ hạn', 'Late'))}</dt><dd class="late"><ul class="plain">${lateStages.map(([stage, d]) => html`<li>${v.deadlines.find((x) => x.stage === stage)?.descriptionVi ?? stage} — ${bi(lang, L(`hạn ${vnDate(d)}`, `due ${vnDate(d)}`))}</li>`)}</ul></dd>` : ''}
  </dl>
  ${
    s.lastReturn
      ? html`<div class="flash warn"><strong>${bi(lang, L('Hồ sơ bị trả lại', 'Returned'))} (${vnDateTime(s.lastReturn.at)}):</strong>
      <ul>${s.lastReturn.reasons.map((r) => html`<li>${bi(lang, L('Tiêu chí', 'Criterion'))} ${r.criterion}: ${r.reason}</li>`)}</ul></div>`
      : ''
  }
</section>`;
}

function dedupeAwaiting(s: DossierStatus): DossierStatus['awaiting'] {
  const seen = new Set<string>();
  return s.awaiting.filter((a) => {
    const k = `${a.role}|${a.department ?? ''}|${a.action}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

function deadlines(ctx: PageContext, v: DossierView): Html {
  const { lang, now } = ctx;
  if (v.deadlines.length === 0)
    return html`<p class="muted">${bi(lang, L('Kế hoạch năm không đặt hạn cho hồ sơ này', 'The plan year sets no deadline for this dossier'))}</p>`;
  return html`<table class="compact"><thead><tr><th scope="col">${bi(lang, L('Việc', 'Step'))}</th><th scope="col">${bi(lang, L('Hạn', 'Due'))}</th><th scope="col">${bi(lang, L('Tình trạng', 'Status'))}</th></tr></thead><tbody>
  ${v.deadlines.map((d) => {
    const late = v.status.late[d.stage];
    const done = isDone(v, d);
    const c = countdown(d.due, now);
    return html`<tr class="${!done && c.cls === 'late' ? 'row-late' : ''}"><td>${d.descriptionVi}</td><td>${vnDate(d.due)}</td><td>${
      done
        ? html`<span class="ok">${bi(lang, L('đã xong', 'done'))}</span>${late ? html` <span class="late">(${bi(lang, L('trễ hạn', 'late'))})</span>` : ''}`
        : html`<span class="${c.cls}">${bi(lang, c.label)}</span>`
    }</td></tr>`;
  })}</tbody></table>`;
}

const isDone = (v: DossierView, d: NextDeadline): boolean => v.doneStages.has(d.stage);

function clock(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  const c = v.status.clock;
  if (!c.startedAt) return html`<p class="muted">${bi(lang, L('Chưa bắt đầu thẩm tra (hồ sơ chưa nộp)', 'Review not started (not submitted yet)'))}</p>`;
  const level = levelName(c.level);
  const started = html`${bi(lang, L(`${level.vi}: bắt đầu thẩm tra ${vnDateTime(c.startedAt)}`, `${level.en}: review started ${vnDateTime(c.startedAt)}`))}.`;
  const r = v.reviewClock;
  if (!r) {
    return html`<p>${started} <span class="muted">${bi(lang, L('Kế hoạch năm chưa đặt thời hạn thẩm tra (ngày làm việc) cho cấp này.', 'The plan year sets no review time limit (working days) for this level.'))}</span></p>`;
  }
  const stops = r.stops.map((s) => (s.to ? `${vnDate(s.from)}–${vnDate(s.to)}` : `${vnDate(s.from)}–…`)).join('; ');
  return html`<p data-testid="review-clock">${started}
    ${r.suspended ? html`<strong class="warn">${bi(lang, L(`Đồng hồ đang dừng từ ${vnDate(r.stops[r.stops.length - 1]!.from)} (hồ sơ trả về xã bổ sung)`, `The clock is stopped since ${vnDate(r.stops[r.stops.length - 1]!.from)} (back at the commune)`))}</strong>. ` : ''}
    ${bi(lang, L(`Đã dùng ${r.usedWorkingDays}/${r.workingDays} ngày làm việc, còn ${r.remainingWorkingDays} ngày`, `${r.usedWorkingDays} of ${r.workingDays} working days used, ${r.remainingWorkingDays} left`))}${r.due ? html` — ${bi(lang, L(`hạn thẩm tra ${vnDate(r.due)}`, `review due ${vnDate(r.due)}`))}` : ''}${r.overdue ? html` <strong class="late">${bi(lang, L('quá hạn thẩm tra', 'review overdue'))}</strong>` : ''}.
    <br><small>${bi(lang, L('Tính theo ngày làm việc: không kể thứ Bảy, Chủ nhật, ngày lễ, Tết và các ngày hồ sơ ở xã bổ sung.', 'Counted in working days: weekends, public holidays, Tết and the days back at the commune do not count.'))}
    ${r.sourced ? '' : html` ${bi(lang, L('Thời hạn là giá trị tạm do kế hoạch đặt (chưa tìm thấy thời hạn luật định).', 'The limit is a placeholder set by the plan (no legal time limit was found).'))}`}
    ${stops ? html`<br>${bi(lang, L('Các lần dừng', 'Stops'))}: ${stops}` : ''}</small></p>`;
}

function criteriaTable(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  const c: DossierContext = v.state.context;
  const level = currentLevel(c);
  const groups = new Map(v.set.groups.map((g) => [g.code, g]));
  const inDossier = new Set(c.input.criteria);
  const levels = Object.entries(c.reviewHistory);
  const atReview = ['review', 'returned', 'approved', 'appraised', 'decision_drafted'].includes(v.state.value) || levels.length > 0;
  return html`<table class="criteria"><thead><tr>
    <th scope="col">#</th><th scope="col">${bi(lang, L('Tiêu chí', 'Criterion'))}</th><th scope="col">${bi(lang, L('Nhóm', 'Group'))}</th>
    <th scope="col">${bi(lang, L('Cơ quan phụ trách', 'Owner departments'))}</th><th scope="col">${bi(lang, L('Xã tự đánh giá', 'Self-assessment'))}</th>
    <th scope="col">${bi(lang, L('Minh chứng', 'Evidence'))}</th>
    ${atReview ? html`<th scope="col">${bi(lang, L('Kết quả thẩm tra', 'Review verdicts'))}</th>` : ''}
  </tr></thead><tbody>
  ${v.set.criteria
    .filter((cr) => inDossier.has(cr.code))
    .map((cr) => {
      const sa = c.selfAssessment[cr.code];
      const g = groups.get(cr.group);
      const slots = level.reviewers.filter((r) => r.criterion === cr.code);
      const failing = v.status.verification?.failing.find((f) => f.criterion === cr.code);
      return html`<tr id="criterion-${cr.code}" data-criterion="${cr.code}">
        <td>${cr.code}</td>
        <td>${bi(lang, { vi: cr.nameVi, en: cr.nameEn })}
          <details><summary>${cr.indicators.length} ${bi(lang, L('chỉ tiêu', 'indicators'))}</summary><ul class="plain small">${cr.indicators.map((i) => html`<li>${i.code} ${bi(lang, { vi: i.nameVi, en: i.nameEn })}${sa && sa.indicatorValues[i.code] !== undefined ? html` — <strong>${sa.indicatorValues[i.code]}</strong>` : ''}</li>`)}</ul></details>
          ${failing ? html`<p class="late small">${bi(lang, { vi: failing.reasonVi, en: failing.reasonEn })}</p>` : ''}</td>
        <td>${g ? bi(lang, { vi: g.nameVi, en: g.nameEn }) : cr.group}</td>
        <td>${cr.owners.map((o) => html`<span class="dept">${bi(lang, departmentLabel(o))}</span>`)}</td>
        <td>${sa ? html`<span class="${sa.met ? 'ok' : 'late'}">${sa.met ? bi(lang, L('Đạt', 'Met')) : bi(lang, L('Chưa đạt', 'Not met'))}</span><br><small>${person(v, sa.by)}, ${vnDateTime(sa.at)}</small>${sa.comment ? html`<br><small>${sa.comment}</small>` : ''}` : html`<span class="muted">${bi(lang, L('chưa đánh giá', 'not yet'))}</span>`}</td>
        <td>${sa && sa.evidence.length > 0 ? html`<ul class="plain small">${sa.evidence.map((d) => html`<li>${d.number}, ${vnDate(d.date)}, ${d.issuer}</li>`)}</ul>` : ''}</td>
        ${
          atReview
            ? html`<td>${[
                ...levels.flatMap(([lvl, reviews]) =>
                  Object.entries(reviews)
                    .filter(([k]) => k.split('|')[0] === cr.code)
                    .map(
                      ([k, r]) =>
                        html`<div class="verdict">${lvl}: ${departmentLabel(k.split('|')[1]!).vi} — <span class="v-${r.verdict}">${bi(lang, VERDICT_LABELS[r.verdict]!)}</span></div>`,
                    ),
                ),
                ...slots.map((s) => {
                  const r = c.reviews[`${s.criterion}|${s.department}`];
                  return html`<div class="verdict">${level.level}: ${departmentLabel(s.department).vi} — ${
                    r
                      ? html`<span class="v-${r.verdict}">${bi(lang, VERDICT_LABELS[r.verdict]!)}</span>${r.comment ? html` <small>(${r.comment})</small>` : ''}`
                      : html`<span class="muted">${bi(lang, L('chờ thẩm tra', 'pending'))}</span>`
                  }</div>`;
                }),
              ]}</td>`
            : ''
        }
      </tr>`;
    })}
  </tbody></table>`;
}

function timeline(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  if (v.timeline.length === 0) return html`<p class="muted">${bi(lang, L('Chưa có diễn biến', 'Nothing yet'))}</p>`;
  return html`<ol class="timeline">${v.timeline.map(
    (t) => html`<li><time datetime="${t.at}">${vnDateTime(t.at)}</time> <strong>${bi(lang, actionLabel(t.type))}</strong>
      — ${person(v, t.actorId)} <span class="gloss">${txt(lang, roleLabel(t.actorRole))}</span>
      ${t.fromStage !== t.toStage ? html` · ${bi(lang, stageLabel(t.fromStage))} → ${bi(lang, stageLabel(t.toStage))}` : ''}
      ${t.comment ? html`<br><small>${t.comment}</small>` : ''}</li>`,
  )}</ol>`;
}

function reminders(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  if (v.reminders.length === 0) return html`<p class="muted">${bi(lang, L('Chưa gửi nhắc nhở nào', 'No reminders sent'))}</p>`;
  return html`<table class="compact"><thead><tr><th scope="col">${bi(lang, L('Gửi lúc', 'Sent'))}</th><th scope="col">${bi(lang, L('Loại', 'Kind'))}</th><th scope="col">${bi(lang, L('Người nhận', 'To'))}</th><th scope="col">${bi(lang, L('Nội dung', 'Subject'))}</th><th scope="col">${bi(lang, L('Hạn', 'Due'))}</th></tr></thead><tbody>
  ${v.reminders.map((r) => html`<tr class="${r.kind === 'overdue' || r.kind === 'escalation' ? 'row-late' : ''}"><td>${vnDateTime(r.createdAt)}</td><td>${bi(lang, noticeKindLabel(r.kind))}</td><td>${v.recipients?.get(r.recipient) ? bi(lang, v.recipients.get(r.recipient)!) : r.recipient}</td><td>${r.subject}</td><td>${r.dueAt ? vnDate(r.dueAt.toISOString()) : ''}</td></tr>`)}
  </tbody></table>`;
}

// ---------------------------------------------------------------------------------------------------
// Action forms
// ---------------------------------------------------------------------------------------------------

function formState(ctx: PageContext, v: DossierView, type: string): FormState {
  const failed = v.failed?.type === type ? v.failed : undefined;
  return { lang: ctx.lang, csrf: ctx.csrf ?? '', errors: failed?.errors ?? [], values: failed?.values ?? {} };
}

function criterionOptions(lang: Lang, v: DossierView, codes: readonly string[], mark?: (code: string) => string): { value: string; label: string }[] {
  const byCode = new Map(v.set.criteria.map((c) => [c.code, c]));
  return codes.map((code) => {
    const c = byCode.get(code);
    return { value: code, label: `${mark ? mark(code) : ''}${code}. ${c ? txt(lang, { vi: c.nameVi, en: c.nameEn }) : ''}` };
  });
}

function actionForms(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  const path = `${dossierPath(v.status.dossierId)}/actions`;
  const c = v.state.context;
  if (v.offered.length === 0) {
    return html`<p class="muted" data-testid="no-actions">${bi(lang, L('Bạn không có thao tác nào trên hồ sơ này ở bước hiện tại', 'There is nothing for you to do on this dossier at this stage'))}</p>`;
  }
  const forms = v.offered.map((o) => {
    const s = formState(ctx, v, o.type);
    const legend = actionLabel(o.type);
    if (o.blocked) {
      return html`<div class="action blocked" data-action="${o.type}"><strong>${bi(lang, legend)}</strong>: ${bi(lang, L('chưa thực hiện được', 'not possible yet'))} — ${o.blocked.messageVi} <span class="gloss" lang="en">${o.blocked.messageEn}</span></div>`;
    }
    const rid = newRequestId();
    switch (o.type) {
      case 'self_assessment.recorded': {
        const unassessed = c.input.criteria.filter((k) => !c.selfAssessment[k]);
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`
          ${select(
            s,
            'sa',
            'criterion',
            L('Tiêu chí', 'Criterion'),
            criterionOptions(lang, v, c.input.criteria, (k) => (c.selfAssessment[k] ? '✓ ' : '')),
            { fallback: unassessed[0] ?? c.input.criteria[0] },
          )}
          ${radios(
            s,
            'sa',
            'met',
            L('Kết quả', 'Result'),
            [
              { value: 'true', label: L('Đạt', 'Met') },
              { value: 'false', label: L('Chưa đạt', 'Not met') },
            ],
            'true',
          )}
          ${textArea(s, 'sa', 'comment', L('Nhận xét', 'Comment'))}
          ${documentFields(s, 'sa', L('Minh chứng (nếu có)', 'Evidence (optional)'))}`,
          L('Ghi kết quả', 'Record'),
        );
      }
      case 'consultation.recorded':
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`
          ${textField(s, 'consult', 'participants', L('Số người được lấy ý kiến', 'Residents consulted'), { inputmode: 'numeric', size: 8, fallback: c.consultation ? String(c.consultation.participants) : '' })}
          ${textField(s, 'consult', 'satisfactionPct', L('Tỷ lệ hài lòng (%)', 'Satisfied (%)'), { inputmode: 'decimal', size: 6, placeholder: '96,4', fallback: c.consultation ? String(c.consultation.satisfactionPct) : '' })}
          ${textArea(s, 'consult', 'comment', L('Ghi chú', 'Note'))}`,
          L('Ghi kết quả', 'Record'),
        );
      case 'commune.submitted':
      case 'commune.resubmitted':
      case 'level.approved':
      case 'level.forwarded':
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`${textArea(s, o.type, 'comment', L('Ghi chú', 'Note'))}${documentFields(s, o.type, L('Tờ trình / văn bản (nếu có)', 'Covering letter (optional)'))}`,
          legend,
          'primary',
        );
      case 'criterion.reviewed':
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`
          ${select(s, 'review', 'criterion', L('Tiêu chí', 'Criterion'), criterionOptions(lang, v, o.criteria ?? []))}
          ${radios(
            s,
            'review',
            'verdict',
            L('Kết luận', 'Verdict'),
            Object.entries(VERDICT_LABELS).map(([value, label]) => ({ value, label })),
            'met',
          )}
          ${textArea(s, 'review', 'comment', L('Nhận xét', 'Comment'))}`,
          L('Ghi kết quả thẩm tra', 'Record the verdict'),
        );
      case 'level.returned': {
        const flagged = Object.entries(c.reviews)
          .filter(([, r]) => r.verdict !== 'met')
          .map(([k, r]) => ({ criterion: k.split('|')[0]!, reason: r.comment ?? '' }));
        const rows = [...flagged, { criterion: '', reason: '' }, { criterion: '', reason: '' }].slice(0, Math.max(3, flagged.length + 1));
        const posted = (k: string) => (Array.isArray(s.values[k]) ? (s.values[k] as string[]) : s.values[k] ? [s.values[k] as string] : undefined);
        const pc = posted('reasonCriterion');
        const pt = posted('reasonText');
        const err = (f: string) => s.errors.filter((e) => e.field === f);
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`
          <table class="compact reasons"><thead><tr><th scope="col">${bi(lang, L('Tiêu chí', 'Criterion'))}</th><th scope="col">${bi(lang, L('Lý do, yêu cầu bổ sung', 'Reason, what to supply'))}</th></tr></thead><tbody>
          ${rows.map(
            (r, i) => html`<tr><td><select name="reasonCriterion" aria-label="${txt(lang, L('Tiêu chí', 'Criterion'))} ${i + 1}">
              <option value="">—</option>${criterionOptions(lang, v, c.input.criteria).map((opt) => html`<option value="${opt.value}" ${opt.value === (pc?.[i] ?? r.criterion) ? raw('selected') : ''}>${opt.label}</option>`)}</select></td>
            <td><input name="reasonText" aria-label="${txt(lang, L('Lý do', 'Reason'))} ${i + 1}" value="${pt?.[i] ?? r.reason}" size="50"></td></tr>`,
          )}
          </tbody></table>
          ${[...err('reasons'), ...err('reasonCriterion'), ...err('reasonText')].map((e) => html`<p class="field-error" role="alert">${e.vi} <span class="gloss" lang="en">${e.en}</span></p>`)}
          ${documentFields(s, 'return', L('Văn bản trả hồ sơ (nếu có)', 'Return letter (optional)'))}`,
          L('Trả hồ sơ về xã', 'Return to the commune'),
          'danger',
        );
      }
      case 'council.voted':
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`
          ${textArea(s, 'vote', 'members', L('Thành viên hội đồng (mỗi dòng một người)', 'Council members (one per line)'), { rows: 5 })}
          <div class="row">${textField(s, 'vote', 'inFavour', L('Tán thành', 'In favour'), { inputmode: 'numeric', size: 4 })}
          ${textField(s, 'vote', 'against', L('Không tán thành', 'Against'), { inputmode: 'numeric', size: 4, fallback: '0' })}
          ${textField(s, 'vote', 'abstained', L('Không biểu quyết', 'Abstained'), { inputmode: 'numeric', size: 4, fallback: '0' })}</div>
          ${documentFields(s, 'vote', L('Biên bản họp (nếu có)', 'Minutes (optional)'))}`,
          L('Ghi kết quả biểu quyết', 'Record the vote'),
        );
      case 'decision.drafted':
      case 'level.decided': {
        const d = o.type === 'level.decided' ? c.decisionDraft : undefined;
        const f = o.type === 'decision.drafted' ? 'draft' : 'decide';
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`
          <div class="row">${textField(s, f, 'number', L('Số quyết định', 'Decision number'), { placeholder: '1358/QĐ-UBND', size: 16, fallback: d?.number })}
          ${textField(s, f, 'date', L('Ngày ký', 'Date'), { placeholder: 'dd/mm/yyyy', size: 11, fallback: d ? vnDate(d.date) : '' })}
          ${textField(s, f, 'signer', L('Người ký', 'Signer'), { size: 30, fallback: d?.signer })}</div>
          ${radios(
            s,
            f,
            'outcome',
            L('Nội dung', 'Outcome'),
            [
              { value: 'recognised', label: L('Công nhận', 'Recognise') },
              { value: 'refused', label: L('Không công nhận', 'Refuse') },
            ],
            d?.outcome ?? 'recognised',
          )}
          ${textArea(s, f, 'reasons', L('Lý do (mỗi dòng một lý do; bắt buộc khi không công nhận)', 'Reasons (one per line; required for a refusal)'), { fallback: d?.reasons.join('\n') })}`,
          legend,
          'primary',
        );
      }
      case 'maintenance.assessed':
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`
          ${radios(
            s,
            'maint',
            'flagged',
            L('Kết quả', 'Result'),
            [
              { value: 'false', label: L('Duy trì đạt chuẩn', 'Still meets the standard') },
              { value: 'true', label: L('Không còn đạt chuẩn', 'Below standard') },
            ],
            'false',
          )}
          ${textArea(s, 'maint', 'reasons', L('Lý do (mỗi dòng một lý do)', 'Reasons (one per line)'))}`,
          L('Ghi kết quả', 'Record'),
        );
      case 'recognition.revoked':
        return actionForm(
          s,
          path,
          o.type,
          rid,
          legend,
          html`
          <div class="row">${textField(s, 'revoke', 'number', L('Số quyết định', 'Decision number'), { size: 16 })}
          ${textField(s, 'revoke', 'date', L('Ngày ký', 'Date'), { placeholder: 'dd/mm/yyyy', size: 11 })}
          ${textField(s, 'revoke', 'signer', L('Người ký', 'Signer'), { size: 30 })}</div>
          ${textArea(s, 'revoke', 'reasons', L('Lý do thu hồi (mỗi dòng một lý do)', 'Reasons (one per line)'))}`,
          legend,
          'danger',
        );
    }
  });
  return html`<div class="actions">${forms}</div>`;
}

/** Links to the one-page checklist and review (api/ui/office.ts) when this person has that work here. */
function pageLinks(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  const id = v.status.dossierId;
  const links: Html[] = [];
  if (v.offered.some((o) => o.type === 'self_assessment.recorded')) {
    links.push(
      html`<a href="${dossierPath(id)}/checklist" data-testid="checklist-link">${bi(lang, L('Tự đánh giá tất cả tiêu chí trên một trang', 'Self-assess every criterion on one page'))}</a>`,
    );
  }
  if (v.offered.some((o) => o.type === 'criterion.reviewed')) {
    links.push(
      html`<a href="${dossierPath(id)}/review" data-testid="review-link">${bi(lang, L('Thẩm tra các tiêu chí của phòng trên một trang', "Review your department's criteria on one page"))}</a>`,
    );
  }
  return links.length ? html`<p class="page-links">${links.map((l, i) => html`${i ? ' · ' : ''}${l}`)}</p>` : html``;
}

/**
 * The page's `?asOf=` (dd/mm/yyyy, or yyyy-mm-dd): a real calendar date, or nothing when absent or empty;
 * anything else is a coded bilingual 400 naming `asOf`.
 */
export function asOfQuery(v: unknown): LocalDate | undefined {
  if (v === undefined || v === '') return undefined;
  const s = typeof v === 'string' ? v.trim() : '';
  const r = /^\d{4}-\d{2}-\d{2}$/.test(s) ? parseLocalDate(s) : parseVnDate(s);
  if (r.ok) return r.value;
  throw appError(
    'INPUT.INVALID_QUERY',
    `Ngày xem hồ sơ "asOf" không hợp lệ: ${r.error.messageVi} (dd/mm/yyyy)`,
    `The "asOf" date is not valid: ${r.error.messageEn} (dd/mm/yyyy)`,
    { path: 'asOf' },
  );
}

/** The past-date view: which day, that it is rebuilt from the recorded events, a way back to today; or the date form. */
function asOfNote(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  const path = dossierPath(v.status.dossierId);
  if (!v.asOf)
    return html`<form class="as-of" method="get" action="${path}"><label for="asOf">${bi(lang, L('Xem hồ sơ tại ngày', 'See the dossier as of'))}</label>
    <input id="asOf" name="asOf" placeholder="dd/mm/yyyy" inputmode="numeric" size="10"> <button type="submit">${bi(lang, L('Xem', 'Show'))}</button></form>`;
  const day = vnDate(v.asOf);
  return html`<div class="flash info as-of" role="status" data-testid="as-of" data-as-of="${v.asOf}">${bi(
    lang,
    L(
      `Hồ sơ như tại cuối ngày ${day}, dựng lại từ các sự kiện đã ghi (chỉ xem).`,
      `The dossier as it stood at the end of ${day}, rebuilt from its recorded events (read only).`,
    ),
  )} <a href="${path}">${bi(lang, L('Về hôm nay', 'Back to today'))}</a></div>`;
}

export function dossierBody(ctx: PageContext, v: DossierView): Html {
  const { lang } = ctx;
  const id = v.status.dossierId;
  return html`
  <p class="crumbs"><a href="/ui/">${bi(lang, L('Bảng theo dõi', 'Dashboard'))}</a> › <span>${name(v, v.status.unitCode)} · ${txt(lang, titleLabel(v.status.title))} ${v.status.planYear}</span> · <a href="${dossierPath(id)}/audit">${bi(lang, L('Nhật ký kiểm toán', 'Audit trail'))}</a></p>
  ${asOfNote(ctx, v)}
  ${summary(ctx, v)}
  <section id="actions" aria-labelledby="h-actions"><h2 id="h-actions">${bi(lang, L('Việc bạn có thể làm', 'What you can do now'))}</h2>${pageLinks(ctx, v)}${actionForms(ctx, v)}</section>
  <div class="two">
  <section id="deadlines" aria-labelledby="h-deadlines"><h2 id="h-deadlines">${bi(lang, L('Thời hạn', 'Deadlines'))}</h2>${deadlines(ctx, v)}</section>
  <section id="clock" aria-labelledby="h-clock"><h2 id="h-clock">${bi(lang, L('Đồng hồ thẩm tra', 'Review clock'))}</h2>${clock(ctx, v)}</section>
  </div>
  <section id="criteria" aria-labelledby="h-criteria"><h2 id="h-criteria">${bi(lang, L('Danh mục tiêu chí', 'Criteria checklist'))} (${v.status.criteriaCount})</h2>${criteriaTable(ctx, v)}</section>
  <section id="timeline" aria-labelledby="h-timeline"><h2 id="h-timeline">${bi(lang, L('Diễn biến hồ sơ', 'Timeline'))}</h2>${timeline(ctx, v)}</section>
  <section id="reminders" aria-labelledby="h-reminders"><h2 id="h-reminders">${bi(lang, L('Nhắc nhở đã gửi', 'Reminders sent'))}</h2>${reminders(ctx, v)}</section>
  <section id="documents" aria-labelledby="h-documents"><h2 id="h-documents">${bi(lang, L('Văn bản', 'Documents'))}</h2>${documentsLink(lang, id)}</section>`;
}
