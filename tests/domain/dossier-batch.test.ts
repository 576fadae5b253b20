/** The checklist and review pages' batch commands: validated as one, all or nothing, the entry named. */
import { applyEvent, explainRefusal, startDossier, statusOf, type DossierEvent, type DossierState } from '../../domain/dossier';
import { actors, cmd, ev, smallInput } from '../support/dossier-fixtures';
import { dossierFor } from '../support/plans';

function start(input = smallInput()): DossierState {
  const r = startDossier(input);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}
function run(state: DossierState, events: DossierEvent[]): DossierState {
  return events.reduce((s, e) => {
    const r = applyEvent(s, e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.error.code} ${r.error.messageEn}`);
    return r.value;
  }, state);
}
const entry = (criterion: string, met = true, extra: Record<string, unknown> = {}) => ({ criterion, met, indicatorValues: {}, evidence: [], ...extra });

describe('self_assessment.batch', () => {
  it('records all 19 criteria of a real set in one event (one timeline step)', () => {
    const input = dossierFor('dien-bien/tuan-giao/quai-cang', 'commune.dat-chuan', 'commune-ntm-2021-2025', 2027);
    expect(input.criteria).toHaveLength(19);
    const s = run(start(input), [ev({ type: 'self_assessment.batch', entries: input.criteria.map((c) => entry(c)) }, actors.commune)]);
    expect(statusOf(s).selfAssessed).toBe(19);
    expect(s.context.seq).toBe(1);
  });

  it('refuses the whole checklist when one of 19 entries is wrong, naming that criterion; nothing recorded', () => {
    const input = dossierFor('dien-bien/tuan-giao/quai-cang', 'commune.dat-chuan', 'commune-ntm-2021-2025', 2027);
    const s0 = start(input);
    const entries = input.criteria.map((c) => entry(c));
    entries[13] = entry('99');
    const r = applyEvent(s0, ev({ type: 'self_assessment.batch', entries }, actors.commune));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'DOSSIER.UNKNOWN_CRITERION', path: 'entries.13.criterion' });
    expect(r.error.messageVi).toContain('"99"');
    expect(r.error.messageEn).toContain('"99"');
    expect(statusOf(s0).selfAssessed).toBe(0);
  });

  it('refuses a duplicate criterion and an unknown indicator', () => {
    const s0 = start();
    const dup = applyEvent(s0, ev({ type: 'self_assessment.batch', entries: [entry('1'), entry('2'), entry('1')] }, actors.commune));
    expect(!dup.ok && dup.error).toMatchObject({ code: 'DOSSIER.DUPLICATE_ENTRY', path: 'entries.2.criterion' });
    const ind = applyEvent(s0, ev({ type: 'self_assessment.batch', entries: [entry('1', true, { indicatorValues: { '9.9': 1 } })] }, actors.commune));
    expect(!ind.ok && ind.error).toMatchObject({ code: 'DOSSIER.UNKNOWN_INDICATOR', path: 'entries.0.indicatorValues.9.9' });
  });

  it('does not let a person contradict a computed result without a note', () => {
    // 2016-2020 set: criterion 10 (income) ≥ 36 million VND/person/year in the northern midlands and mountains.
    const input = smallInput({
      criteriaSetId: 'commune-ntm-2016-2020',
      criteria: ['1', '10', '17'],
      region: 'trung-du-mien-nui-phia-bac',
      levels: [
        { level: 'district', unitCode: 'dien-bien/tuan-giao', reviewers: [{ criterion: '10', department: 'KT_HT' }], council: false, decides: false },
        { level: 'province', unitCode: 'dien-bien', reviewers: [], council: true, decides: true },
      ],
    });
    const s0 = start(input);
    const low = (met: boolean, comment?: string) =>
      applyEvent(
        s0,
        ev({ type: 'self_assessment.batch', entries: [entry('1'), entry('10', met, { indicatorValues: { '10': 30.5 }, comment })] }, actors.commune),
      );
    const r = low(true);
    expect(!r.ok && r.error).toMatchObject({ code: 'DOSSIER.CONTRADICTS_COMPUTED', path: 'entries.1.comment' });
    expect(!r.ok && r.error.messageVi).toContain('30,5');
    expect(low(false).ok).toBe(true);
    expect(low(true, 'Số liệu thống kê mới nhất cao hơn (bổ sung sau)').ok).toBe(true);
    const high = applyEvent(s0, ev({ type: 'self_assessment.batch', entries: [entry('10', false, { indicatorValues: { '10': 40 } })] }, actors.commune));
    expect(!high.ok && high.error.code).toBe('DOSSIER.CONTRADICTS_COMPUTED');
  });

  it('is accepted when the dossier is returned, refused under review', () => {
    let s = run(start(), [
      ev(cmd.assess('1'), actors.commune),
      ev(cmd.assess('2'), actors.commune),
      ev(cmd.assess('17'), actors.commune),
      ev(cmd.consult(), actors.commune),
    ]);
    s = run(s, [ev(cmd.submit(), actors.commune)]);
    const why = explainRefusal(s, ev({ type: 'self_assessment.batch', entries: [entry('1')] }, actors.commune));
    expect(why?.code).toBe('DOSSIER.INVALID_TRANSITION');
    s = run(s, [ev(cmd.ret('17'), actors.districtOffice)]);
    s = run(s, [ev({ type: 'self_assessment.batch', entries: [entry('17', true, { comment: 'Đã bổ sung' })] }, actors.commune)]);
    expect(s.context.selfAssessment['17']?.comment).toBe('Đã bổ sung');
  });
});

describe('review.batch', () => {
  const submitted = () =>
    run(start(), [
      ev(cmd.assess('1'), actors.commune),
      ev(cmd.assess('2'), actors.commune),
      ev(cmd.assess('17'), actors.commune),
      ev(cmd.consult(), actors.commune),
      ev(cmd.submit(), actors.commune),
    ]);

  it("records a department's verdicts on all its criteria in one event", () => {
    const s = run(submitted(), [
      ev(
        {
          type: 'review.batch',
          entries: [
            { criterion: '1', verdict: 'met' },
            { criterion: '2', verdict: 'needs_supplement', comment: 'Thiếu biên bản' },
          ],
          documents: [],
        },
        actors.kthh,
      ),
    ]);
    expect(statusOf(s).pendingReviews).toEqual([{ criterion: '17', department: 'TN_MT' }]);
    expect(s.context.reviews['2|KT_HT']).toMatchObject({ verdict: 'needs_supplement', comment: 'Thiếu biên bản' });
  });

  it("refuses the whole review when one criterion is not the department's, naming it; nothing recorded", () => {
    const s0 = submitted();
    const r = applyEvent(
      s0,
      ev(
        {
          type: 'review.batch',
          entries: [
            { criterion: '1', verdict: 'met' },
            { criterion: '17', verdict: 'met' },
          ],
          documents: [],
        },
        actors.kthh,
      ),
    );
    expect(!r.ok && r.error).toMatchObject({ code: 'DOSSIER.NOT_CRITERION_OWNER', path: 'entries.1.criterion' });
    expect(statusOf(s0).pendingReviews).toHaveLength(3);
  });
});
