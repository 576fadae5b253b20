import { getShortestPaths } from 'xstate/graph';
import {
  STAGES,
  acceptedEvents,
  applyEvent,
  dossierMachine,
  startDossier,
  statusOf,
  type DossierEvent,
  type DossierStage,
  type DossierState,
} from '../../domain/dossier';
import { actors, cmd, ev, smallInput } from '../support/dossier-fixtures';

function start(input = smallInput()): DossierState {
  const r = startDossier(input);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

/** Applies events in order and fails the test at the first refusal. */
function run(state: DossierState, events: DossierEvent[]): DossierState {
  return events.reduce((s, e) => {
    const r = applyEvent(s, e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.error.code} ${r.error.messageEn}`);
    return r.value;
  }, state);
}

function refusal(state: DossierState, e: DossierEvent): string {
  const r = applyEvent(state, e);
  if (r.ok) throw new Error(`${e.type} was accepted but should have been refused`);
  return r.error.code;
}

const selfAssessed = (s: DossierState) =>
  run(s, [ev(cmd.assess('1'), actors.commune), ev(cmd.assess('2'), actors.commune), ev(cmd.assess('17'), actors.commune), ev(cmd.consult(), actors.commune)]);
const submitted = (s: DossierState) => run(selfAssessed(s), [ev(cmd.submit(), actors.commune)]);
const districtReviewed = (s: DossierState) =>
  run(submitted(s), [
    ev(cmd.review('1'), actors.kthh),
    ev(cmd.review('2'), actors.kthh),
    ev(cmd.review('17'), actors.tnmt),
    ev(cmd.verified(true), actors.system),
  ]);
const atProvince = (s: DossierState) =>
  run(districtReviewed(s), [
    ev(cmd.approve(), actors.districtOffice),
    ev(cmd.forward(), actors.districtOffice),
    ev(cmd.verified(true), actors.system),
    ev(cmd.approve(), actors.provinceOffice),
  ]);

describe('dossier lifecycle machine', () => {
  it('carries a commune dossier from self-assessment through district and province to recognition', () => {
    let s = start();
    expect(statusOf(s)).toMatchObject({ stage: 'self_assessment', level: 'commune', awaiting: [{ role: 'commune_official', action: 'commune.submitted' }] });
    s = submitted(s);
    expect(statusOf(s)).toMatchObject({ stage: 'review', level: 'district', levelUnitCode: 'dien-bien/tuan-giao' });
    expect(statusOf(s).pendingReviews).toHaveLength(3);
    expect(
      statusOf(s)
        .awaiting.map((a) => a.department)
        .sort(),
    ).toEqual(['KT_HT', 'KT_HT', 'TN_MT']);
    s = atProvince(start());
    expect(statusOf(s)).toMatchObject({ stage: 'approved', level: 'province', awaiting: [{ role: 'provincial_office', action: 'council.voted' }] });
    s = run(s, [ev(cmd.vote(25, 0), actors.provinceOffice), ev(cmd.draft(), actors.provinceOffice), ev(cmd.decide(), actors.provinceChair)]);
    const st = statusOf(s);
    expect(st.stage).toBe('recognised');
    expect(st.decision).toMatchObject({ number: '1358/QĐ-UBND', date: '2024-11-29', outcome: 'recognised', by: 'u-ct-tinh', level: 'province' });
    expect(st.vote).toEqual({ inFavour: 25, against: 0, abstained: 0, members: 25 });
  });

  it('refuses submission until every criterion is self-assessed and the consultation is recorded, changing nothing', () => {
    const s = run(start(), [ev(cmd.assess('1'), actors.commune)]);
    expect(refusal(s, ev(cmd.submit(), actors.commune))).toBe('DOSSIER.SELF_ASSESSMENT_INCOMPLETE');
    const all = run(s, [ev(cmd.assess('2'), actors.commune), ev(cmd.assess('17'), actors.commune)]);
    expect(refusal(all, ev(cmd.submit(), actors.commune))).toBe('DOSSIER.CONSULTATION_MISSING');
    expect(statusOf(all).stage).toBe('self_assessment');
    expect(statusOf(all).selfAssessed).toBe(3);
  });

  it('refuses a self-assessment of a criterion outside the set', () => {
    expect(refusal(start(), ev(cmd.assess('42'), actors.commune))).toBe('DOSSIER.UNKNOWN_CRITERION');
  });

  it('lets only the owning department review a criterion, and only once per round', () => {
    const s = submitted(start());
    const r = applyEvent(s, ev(cmd.review('17'), actors.kthh));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('DOSSIER.NOT_CRITERION_OWNER');
      expect(r.error.messageVi).toContain('TN_MT');
    }
    const once = run(s, [ev(cmd.review('17'), actors.tnmt)]);
    expect(refusal(once, ev(cmd.review('17', 'not_met'), actors.tnmt))).toBe('DOSSIER.ALREADY_REVIEWED');
  });

  it('refuses approval while a criterion is unresolved, before verification, and when the evaluation says no', () => {
    const s = submitted(start());
    const partial = run(s, [ev(cmd.review('1'), actors.kthh)]);
    expect(refusal(partial, ev(cmd.approve(), actors.districtOffice))).toBe('DOSSIER.REVIEW_INCOMPLETE');
    const reviewed = run(partial, [ev(cmd.review('2'), actors.kthh), ev(cmd.review('17', 'not_met'), actors.tnmt)]);
    expect(refusal(reviewed, ev(cmd.approve(), actors.districtOffice))).toBe('DOSSIER.NOT_VERIFIED');
    const failing = run(reviewed, [ev(cmd.verified(false, 2, 3), actors.system)]);
    expect(refusal(failing, ev(cmd.approve(), actors.districtOffice))).toBe('DOSSIER.NOT_ELIGIBLE');
    expect(statusOf(failing).stage).toBe('review');
  });

  it('refuses forwarding from a level that has not approved, and approval of nothing pending', () => {
    const s = submitted(start());
    expect(refusal(s, ev(cmd.forward(), actors.districtOffice))).toBe('DOSSIER.INVALID_TRANSITION');
  });

  it('returns a dossier for supplementation, suspends the review clock, and reopens only what was sent back', () => {
    let s = submitted(start());
    s = run(s, [ev(cmd.review('1'), actors.kthh), ev(cmd.review('2'), actors.kthh), ev(cmd.review('17', 'needs_supplement'), actors.tnmt)]);
    expect(statusOf(s).awaiting).toEqual([{ role: 'district_office', unitCode: 'dien-bien/tuan-giao', action: 'level.returned' }]);
    s = run(s, [ev(cmd.ret('17', 'Thiếu biên bản thu gom rác thải'), actors.districtOffice, '2024-09-10T02:00:00.000Z')]);
    expect(statusOf(s)).toMatchObject({
      stage: 'returned',
      level: 'commune',
      lastReturn: { reasons: [{ criterion: '17', reason: 'Thiếu biên bản thu gom rác thải' }] },
    });
    expect(s.context.clock.suspendedSince).toBe('2024-09-10T02:00:00.000Z');
    s = run(s, [ev(cmd.assess('17'), actors.commune), ev(cmd.resubmit(), actors.commune, '2024-09-20T02:00:00.000Z')]);
    expect(s.context.clock.suspensions).toEqual([{ from: '2024-09-10T02:00:00.000Z', to: '2024-09-20T02:00:00.000Z' }]);
    expect(s.context.clock.suspendedSince).toBeUndefined();
    expect(statusOf(s).pendingReviews).toEqual([{ criterion: '17', department: 'TN_MT' }]);
    expect(statusOf(s).lastReturn).toBeUndefined();
  });

  it('requires a passed council vote and a matching draft before the province recognises', () => {
    const s = atProvince(start());
    expect(refusal(s, ev(cmd.draft(), actors.provinceOffice))).toBe('DOSSIER.VOTE_MISSING');
    const badVote = cmd.vote(20, 5);
    expect(refusal(s, ev({ ...badVote, abstained: 1 } as never, actors.provinceOffice))).toBe('DOSSIER.VOTE_COUNT_MISMATCH');
    const lost = run(s, [ev(cmd.vote(10, 15), actors.provinceOffice)]);
    expect(refusal(lost, ev(cmd.draft('recognised'), actors.provinceOffice))).toBe('DOSSIER.VOTE_NOT_PASSED');
    expect(refusal(lost, ev(cmd.draft('refused', []), actors.provinceOffice))).toBe('DOSSIER.REASONS_REQUIRED');
    const refused = run(lost, [ev(cmd.draft('refused', ['Hội đồng không tán thành']), actors.provinceOffice)]);
    expect(refusal(refused, ev(cmd.decide('recognised'), actors.provinceChair))).toBe('DOSSIER.DECISION_MISMATCH');
    const done = run(refused, [ev(cmd.decide('refused', ['Hội đồng không tán thành']), actors.provinceChair)]);
    expect(statusOf(done)).toMatchObject({ stage: 'refused', final: true, decision: { outcome: 'refused', reasons: ['Hội đồng không tán thành'] } });
    expect(acceptedEvents('refused')).toEqual([]);
  });

  it('flags a recognised commune below standard in maintenance, restores it, and revokes it', () => {
    let s = run(atProvince(start()), [ev(cmd.vote(), actors.provinceOffice), ev(cmd.draft(), actors.provinceOffice), ev(cmd.decide(), actors.provinceChair)]);
    s = run(s, [ev(cmd.assessMaintenance(false), actors.provinceOffice)]);
    expect(statusOf(s).stage).toBe('recognised');
    s = run(s, [ev(cmd.assessMaintenance(true), actors.provinceOffice)]);
    expect(statusOf(s)).toMatchObject({ stage: 'below_standard', awaiting: [{ role: 'provincial_chair', action: 'recognition.revoked' }] });
    const restored = run(s, [ev(cmd.assessMaintenance(false), actors.provinceOffice)]);
    expect(statusOf(restored).stage).toBe('recognised');
    const revoked = run(s, [ev(cmd.revoke(), actors.provinceChair)]);
    expect(statusOf(revoked)).toMatchObject({ stage: 'revoked', final: true, revocation: { number: '99/QĐ-UBND' } });
  });

  it('marks a passed deadline as late without blocking the dossier, once per stage', () => {
    let s = run(start(), [ev(cmd.deadline('commune.submit', '2024-08-31'), actors.system)]);
    s = run(s, [ev(cmd.deadline('commune.submit', '2024-08-31'), actors.system)]);
    expect(statusOf(s).late).toEqual({ 'commune.submit': '2024-08-31' });
    expect(statusOf(s).stage).toBe('self_assessment');
    s = submitted(s);
    expect(statusOf(s).stage).toBe('review');
    expect(statusOf(s).late).toEqual({ 'commune.submit': '2024-08-31' });
  });

  it('runs the two-tier pipeline (commune → province) from the same machine by configuration', () => {
    const input = smallInput({
      levels: [
        {
          level: 'province',
          unitCode: 'dien-bien',
          reviewers: [
            { criterion: '1', department: 'SXD' },
            { criterion: '2', department: 'SXD' },
            { criterion: '17', department: 'SNN_MT' },
          ],
          council: true,
          decides: true,
        },
      ],
    });
    let s = selfAssessed(start(input));
    s = run(s, [ev(cmd.submit(), actors.commune)]);
    expect(statusOf(s)).toMatchObject({ stage: 'review', level: 'province' });
    const sxd = { id: 'u-sxd', role: 'provincial_specialist' as const, unitCode: 'dien-bien', department: 'SXD' };
    const snn = { id: 'u-snn', role: 'provincial_specialist' as const, unitCode: 'dien-bien', department: 'SNN_MT' };
    s = run(s, [
      ev(cmd.review('1'), sxd),
      ev(cmd.review('2'), sxd),
      ev(cmd.review('17'), snn),
      ev(cmd.verified(true), actors.system),
      ev(cmd.approve(), actors.provinceOffice),
    ]);
    expect(refusal(s, ev(cmd.forward(), actors.provinceOffice))).toBe('DOSSIER.LAST_LEVEL');
    s = run(s, [ev(cmd.vote(), actors.provinceOffice), ev(cmd.draft(), actors.provinceOffice), ev(cmd.decide(), actors.provinceChair)]);
    expect(statusOf(s).stage).toBe('recognised');
  });

  it('refuses an input whose levels are malformed, naming the field', () => {
    const bad = smallInput();
    bad.levels[0]!.decides = true;
    const r = startDossier(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe('levels.0.decides');
  });

  it('survives a JSON round trip of its state (continue-as-new, database) and carries on identically', () => {
    const s = districtReviewed(start());
    const copy = JSON.parse(JSON.stringify(s)) as DossierState;
    const a = run(s, [ev(cmd.approve(), actors.districtOffice)]);
    const b = run(copy, [ev(cmd.approve(), actors.districtOffice)]);
    expect(b.value).toBe(a.value);
    expect(statusOf(b).stage).toBe('approved');
  });
});

/** Events the graph walk may try in a state: valid ones by the right actors, plus refused ones. */
function candidateEvents(snapshot: { value: unknown; context: DossierState['context'] }): DossierEvent[] {
  const ctx = snapshot.context;
  const stage = snapshot.value as DossierStage;
  const lvl = ctx.input.levels[ctx.levelIndex]!;
  const office = lvl.level === 'district' ? actors.districtOffice : actors.provinceOffice;
  const out: DossierEvent[] = [];
  const e = (c: Parameters<typeof ev>[0], a: Parameters<typeof ev>[1]) => out.push(ev(c, a, '2024-09-01T01:00:00.000Z'));
  if (stage === 'self_assessment' || stage === 'returned') {
    for (const c of ctx.input.criteria) if (!ctx.selfAssessment[c]) e(cmd.assess(c), actors.commune);
    if (!ctx.consultation) e(cmd.consult(), actors.commune);
    e(cmd.submit(), actors.commune);
    e(cmd.resubmit(), actors.commune);
  }
  if (stage === 'review') {
    for (const slot of lvl.reviewers) {
      const a = { id: `u-${slot.department}`, role: 'district_specialist' as const, unitCode: lvl.unitCode, department: slot.department };
      e(cmd.review(slot.criterion, 'met'), a);
      e(cmd.review(slot.criterion, 'needs_supplement'), a);
    }
    e(cmd.verified(true), actors.system);
    e(cmd.ret('17'), office);
    e(cmd.approve(), office);
  }
  if (stage === 'approved' || stage === 'appraised' || stage === 'decision_drafted') {
    e(cmd.forward(), office);
    e(cmd.vote(), office);
    e(cmd.vote(5, 20), office);
    e(cmd.draft('recognised'), office);
    e(cmd.draft('refused', ['Không đủ phiếu']), office);
    e(cmd.decide('recognised'), actors.provinceChair);
    e(cmd.decide('refused', ['Không đủ phiếu']), actors.provinceChair);
  }
  if (stage === 'recognised' || stage === 'below_standard') {
    e(cmd.assessMaintenance(true), office);
    e(cmd.assessMaintenance(false), office);
    e(cmd.revoke(), actors.provinceChair);
  }
  return out;
}

/** What makes two snapshots the same for the walk (seq and timestamps do not). */
function signature(snapshot: { value: unknown; context: DossierState['context'] }): string {
  const c = snapshot.context;
  return JSON.stringify([
    snapshot.value,
    c.levelIndex,
    Object.keys(c.selfAssessment).sort(),
    !!c.consultation,
    Object.entries(c.reviews)
      .map(([k, v]) => `${k}=${v.verdict}`)
      .sort(),
    c.verification?.eligible,
    c.returns.length > 0,
    c.vote ? c.vote.inFavour * 2 > c.vote.members.length : null,
    c.decisionDraft?.outcome,
    c.decision?.outcome,
  ]);
}

describe('dossier machine, generated paths', () => {
  const input = smallInput({
    criteria: ['1', '17'],
    levels: [
      {
        level: 'district',
        unitCode: 'dien-bien/tuan-giao',
        reviewers: [
          { criterion: '1', department: 'KT_HT' },
          { criterion: '17', department: 'TN_MT' },
        ],
        council: false,
        decides: false,
      },
      { level: 'province', unitCode: 'dien-bien', reviewers: [], council: true, decides: true },
    ],
  });
  const opts = {
    input,
    events: candidateEvents,
    serializeState: (s: never) => signature(s),
    serializeEvent: (e: never) => JSON.stringify({ ...(e as DossierEvent), meta: undefined }),
  };
  const shortest = getShortestPaths(dossierMachine, opts as never);

  it('reaches every stage of the lifecycle', () => {
    const reached = new Set(shortest.map((p) => p.state.value as string));
    expect([...reached].sort()).toEqual([...STAGES].sort());
  });

  it('replays every generated path through applyEvent to the same stage, with a status that names who acts next', () => {
    expect(shortest.length).toBeGreaterThan(20);
    for (const path of shortest) {
      let s = start(input);
      for (const step of path.steps.slice(1)) {
        const r = applyEvent(s, step.event as DossierEvent);
        expect(r.ok).toBe(true);
        if (r.ok) s = r.value;
      }
      expect(s.value).toBe(path.state.value);
      const st = statusOf(s);
      if (!st.final && st.stage !== 'recognised') expect(st.awaiting.length).toBeGreaterThan(0);
    }
  });

  it('never reaches recognition without an eligible verification and a passed council vote, in any reachable state', () => {
    // The walk keeps one path per distinct signature, and the signature holds verification, vote and
    // decision outcome: so every reachable combination of them at 'recognised' is among these states.
    const recognised = shortest.filter((p) => p.state.value === 'recognised');
    expect(recognised.length).toBeGreaterThan(0);
    for (const p of recognised) {
      const c = p.state.context as DossierState['context'];
      expect(c.verification?.eligible).toBe(true);
      expect(c.vote!.inFavour * 2).toBeGreaterThan(c.vote!.members.length);
      expect(c.decision?.outcome).toBe('recognised');
    }
  });
});

describe('council levels that do not decide', () => {
  it('lets a district council vote and forward (OCOP), and refuses forwarding before its vote', () => {
    const input = smallInput({
      title: 'ocop.sao',
      criteria: ['A', 'B'],
      levels: [
        { level: 'district', unitCode: 'dien-bien/tuan-giao', reviewers: [], council: true, decides: false },
        { level: 'province', unitCode: 'dien-bien', reviewers: [], council: true, decides: true },
      ],
    });
    let s = run(start(input), [
      ev(cmd.assess('A'), actors.commune),
      ev(cmd.assess('B'), actors.commune),
      ev(cmd.submit(), actors.commune),
      ev(cmd.verified(true, 2, 2), actors.system),
      ev(cmd.approve(), actors.districtOffice),
    ]);
    expect(statusOf(s).awaiting).toEqual([{ role: 'district_office', unitCode: 'dien-bien/tuan-giao', action: 'council.voted' }]);
    expect(refusal(s, ev(cmd.forward(), actors.districtOffice))).toBe('DOSSIER.VOTE_MISSING');
    s = run(s, [ev(cmd.vote(7, 0), actors.districtOffice)]);
    expect(statusOf(s).awaiting).toEqual([{ role: 'district_office', unitCode: 'dien-bien/tuan-giao', action: 'level.forwarded' }]);
    expect(refusal(s, ev(cmd.draft(), actors.districtOffice))).toBe('DOSSIER.NOT_DECIDING_LEVEL');
    s = run(s, [ev(cmd.forward(), actors.districtOffice)]);
    expect(statusOf(s)).toMatchObject({ stage: 'review', level: 'province' });
    expect(s.context.vote).toBeUndefined();
    expect(s.context.voteHistory?.district?.inFavour).toBe(7);
    s = run(s, [ev(cmd.verified(true, 2, 2), actors.system), ev(cmd.approve(), actors.provinceOffice)]);
    expect(refusal(s, ev(cmd.draft(), actors.provinceOffice))).toBe('DOSSIER.VOTE_MISSING');
  });
});
