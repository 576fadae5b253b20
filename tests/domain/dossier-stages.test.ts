/**
 * Stage groups (the machine's tags), the one stage-completion rule behind stageDone and the campaign
 * summary, the next open deadline, and the verification facts the dossier input carries.
 */
import { dienBienPlan2024, endOfDay, localDate } from '../../domain/calendar';
import { getCriteriaSet } from '../../domain/criteria';
import {
  applyEvent,
  completingEvents,
  dossierDeadlines,
  isDecided,
  isFinal,
  isRecognisedOrAfter,
  needsVerification,
  nextOpenDeadline,
  planDossier,
  STAGE_COMPLETION,
  STAGE_GROUPS,
  STAGES,
  stageDone,
  stageIn,
  startDossier,
  statusOf,
  verifyDossier,
  type DossierEvent,
  type DossierState,
} from '../../domain/dossier';
import { DIEN_BIEN_UNITS, findUnit, getPipelineConfig } from '../../domain/units';
import { actors, cmd, ev, smallInput } from '../support/dossier-fixtures';

function run(state: DossierState, events: DossierEvent[]): DossierState {
  return events.reduce((s, e) => {
    const r = applyEvent(s, e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.error.code} ${r.error.messageEn}`);
    return r.value;
  }, state);
}
function must<T>(r: { ok: true; value: T } | { ok: false; error: { messageEn: string } }): T {
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

const start = () => must(startDossier(smallInput()));
const submitted = () =>
  run(start(), [
    ev(cmd.assess('1'), actors.commune),
    ev(cmd.assess('2'), actors.commune),
    ev(cmd.assess('17'), actors.commune),
    ev(cmd.consult(), actors.commune),
    ev(cmd.submit(), actors.commune),
  ]);
const districtApproved = () =>
  run(submitted(), [
    ev(cmd.review('1'), actors.kthh),
    ev(cmd.review('2'), actors.kthh),
    ev(cmd.review('17'), actors.tnmt),
    ev(cmd.verified(true), actors.system),
    ev(cmd.approve(), actors.districtOffice),
  ]);
const atProvince = () => run(districtApproved(), [ev(cmd.forward(), actors.districtOffice)]);
const drafted = () =>
  run(atProvince(), [
    ev(cmd.verified(true), actors.system),
    ev(cmd.approve(), actors.provinceOffice),
    ev(cmd.vote(), actors.provinceOffice),
    ev(cmd.draft(), actors.provinceOffice),
  ]);
const recognised = () => run(drafted(), [ev(cmd.decide(), actors.provinceChair)]);
const revoked = () => run(recognised(), [ev(cmd.assessMaintenance(true), actors.provinceOffice), ev(cmd.revoke(), actors.provinceChair)]);

describe('stage groups from the machine tags', () => {
  it('names each group by its stages', () => {
    expect(STAGE_GROUPS).toEqual({
      atCommune: ['self_assessment', 'returned'],
      underReview: ['review'],
      levelApproved: ['approved', 'appraised', 'decision_drafted', 'recognised', 'below_standard', 'refused', 'revoked'],
      decided: ['recognised', 'below_standard', 'refused', 'revoked'],
      recognisedOrAfter: ['recognised', 'below_standard', 'revoked'],
      maintenance: ['recognised', 'below_standard'],
      final: ['refused', 'revoked'],
    });
  });

  it('answers for any string, unknown stages belonging to no group', () => {
    expect(isRecognisedOrAfter('below_standard')).toBe(true);
    expect(isRecognisedOrAfter('refused')).toBe(false);
    expect(isDecided('refused')).toBe(true);
    expect(isFinal('recognised')).toBe(false);
    expect(stageIn('no-such-stage', 'final')).toBe(false);
    for (const s of STAGES) expect(isFinal(s)).toBe(s === 'refused' || s === 'revoked');
  });

  it('shows the groups in the status, and final agrees with them', () => {
    expect(statusOf(start()).tags).toEqual(['atCommune']);
    expect(statusOf(recognised()).tags).toEqual(expect.arrayContaining(['decided', 'recognisedOrAfter', 'maintenance']));
    expect(statusOf(revoked())).toMatchObject({ final: true, tags: expect.arrayContaining(['final', 'recognisedOrAfter']) });
  });
});

describe('stage completion: one rule for stageDone and the campaign summary', () => {
  it('lists the completing events of every plan stage', () => {
    expect(completingEvents('commune.submit')).toEqual(['commune.submitted']);
    expect(completingEvents('district.review')).toEqual(['level.approved']);
    expect(completingEvents('district.submit_to_province')).toEqual(['level.forwarded']);
    expect(completingEvents('province.appraise')).toEqual(['decision.drafted', 'level.decided']);
    expect(completingEvents('unknown')).toEqual([]);
    expect(Object.keys(STAGE_COMPLETION).sort()).toEqual([
      'commune.submit',
      'district.review',
      'district.submit_to_province',
      'ocop.submit',
      'province.appraise',
      'village.recognise',
      'village.submit',
    ]);
  });

  it('marks each stage done when its completing event has happened, at its level', () => {
    const done = (s: DossierState) =>
      (['commune.submit', 'district.review', 'district.submit_to_province', 'province.appraise'] as const).filter((st) => stageDone(st, s));
    expect(done(start())).toEqual([]);
    expect(done(submitted())).toEqual(['commune.submit']);
    expect(done(districtApproved())).toEqual(['commune.submit', 'district.review']);
    expect(done(atProvince())).toEqual(['commune.submit', 'district.review', 'district.submit_to_province']);
    // The province's approval is not the district's review: only the decision completes the appraisal.
    expect(done(drafted())).toEqual(['commune.submit', 'district.review', 'district.submit_to_province', 'province.appraise']);
  });

  it('treats a stage of a level the pipeline does not have as done, and a final dossier as done', () => {
    const twoTier = must(startDossier(smallInput({ levels: [{ level: 'province', unitCode: 'dien-bien', reviewers: [], council: true, decides: true }] })));
    expect(stageDone('district.review', twoTier)).toBe(true);
    expect(stageDone('commune.submit', twoTier)).toBe(false);
    const returned = run(submitted(), [ev(cmd.ret('17'), actors.districtOffice)]);
    expect(stageDone('commune.submit', returned)).toBe(true);
    expect(stageDone('district.review', returned)).toBe(false);
    expect(stageDone('province.appraise', revoked())).toBe(true);
  });
});

describe('needsVerification', () => {
  it('asks for a verification once every review slot of the level is resolved, and not again after it', () => {
    expect(needsVerification(start())).toBe(false);
    const reviewed = run(submitted(), [ev(cmd.review('1'), actors.kthh), ev(cmd.review('2'), actors.kthh)]);
    expect(needsVerification(reviewed)).toBe(false);
    const all = run(reviewed, [ev(cmd.review('17'), actors.tnmt)]);
    expect(needsVerification(all)).toBe(true);
    expect(needsVerification(run(all, [ev(cmd.verified(true), actors.system)]))).toBe(false);
    // At the next level, with no reviewers there, right after forwarding.
    expect(needsVerification(atProvince())).toBe(true);
  });
});

describe('nextOpenDeadline', () => {
  const deadlines = dossierDeadlines(dienBienPlan2024, 'commune.dat-chuan');

  it('is the earliest deadline whose stage is not done, passed or not', () => {
    expect(deadlines.map((d) => d.id)).toEqual(['commune-dossier', 'district-review', 'district-to-province']);
    expect(nextOpenDeadline(deadlines, start())?.id).toBe('commune-dossier');
    expect(nextOpenDeadline(deadlines, submitted())?.id).toBe('district-review');
    expect(nextOpenDeadline(deadlines, districtApproved())?.id).toBe('district-to-province');
    expect(nextOpenDeadline(deadlines, atProvince())).toBeUndefined();
    expect(nextOpenDeadline([], start())).toBeUndefined();
    // A passed deadline stays next until its stage is done: the dossier is overdue.
    const late = run(start(), [ev(cmd.deadline('commune.submit'), actors.system)]);
    expect(nextOpenDeadline(deadlines, late)?.expiresAt).toBe(endOfDay(localDate('2024-08-31')));
  });
});

describe('verification facts in the dossier input', () => {
  const village = DIEN_BIEN_UNITS.find((u) => u.level === 'village')!;
  const pipeline = must(getPipelineConfig('three-tier'));
  const kieuMau = must(getCriteriaSet('village-kieu-mau-dien-bien-2022'));
  const plan = (heldTitles?: ('village.dat-chuan' | 'commune.dat-chuan')[]) =>
    must(
      planDossier({
        unit: village,
        units: DIEN_BIEN_UNITS,
        title: 'village.kieu-mau',
        planYear: 2027,
        set: kieuMau,
        pipeline,
        ...(heldTitles ? { heldTitles } : {}),
      }),
    );

  it('are filled by the planner: held titles as given, region from the province', () => {
    const input = plan(['village.dat-chuan']);
    expect(input).toMatchObject({ heldTitles: ['village.dat-chuan'], region: 'trung-du-mien-nui-phia-bac' });
    expect(plan().heldTitles).toBeUndefined();
  });

  it('take the unit commune group, or the one given', () => {
    const commune = { ...findUnit(DIEN_BIEN_UNITS, 'dien-bien/tuan-giao/quai-cang')!, communeGroup: 2 as const };
    const set = must(getCriteriaSet('commune-ntm-2026-2030'));
    const units = DIEN_BIEN_UNITS.map((u) => (u.code === commune.code ? commune : u));
    expect(must(planDossier({ unit: commune, units, title: 'commune.dat-chuan', planYear: 2027, set, pipeline })).communeGroup).toBe(2);
    expect(must(planDossier({ unit: commune, units, title: 'commune.dat-chuan', planYear: 2027, set, pipeline, communeGroup: 3 })).communeGroup).toBe(3);
  });

  it('make a village kiểu mẫu eligible only when the village holds đạt chuẩn', () => {
    const assessed = (input: ReturnType<typeof plan>) => {
      const commune = { id: 'xa', role: 'commune_official' as const, unitCode: input.submitterUnitCode! };
      return run(must(startDossier(input)), [...input.criteria.map((c) => ev(cmd.assess(c), commune)), ev(cmd.consult(), commune)]);
    };
    expect(must(verifyDossier(kieuMau, assessed(plan(['village.dat-chuan'])).context)).eligible).toBe(true);
    expect(must(verifyDossier(kieuMau, assessed(plan()).context)).eligible).toBe(false);
    // An explicit option still overrides what the input says.
    expect(must(verifyDossier(kieuMau, assessed(plan(['village.dat-chuan'])).context, { heldTitles: [] })).eligible).toBe(false);
  });
});
