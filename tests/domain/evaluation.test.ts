import fc from 'fast-check';
import { getCriteriaSet, loadCriteriaSet, type CriteriaSet } from '../../domain/criteria';
import { evaluateCommune, evaluateUnit, formatNumberVi, type Assessment, type CriteriaEvaluation, type IndicatorEvidence } from '../../domain/evaluation';

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { messageEn: string } }): T {
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

/** A small set with numeric thresholds by region and by commune group. */
const SMALL: CriteriaSet = unwrap(
  loadCriteriaSet({
    id: 'test-commune',
    nameVi: 'Bộ thử',
    nameEn: 'Test set',
    scope: 'commune',
    standard: 'dat-chuan',
    period: { from: 2026, to: 2030 },
    legalBasis: [{ decision: 'TEST', sourced: false }],
    groups: [{ code: 'g', nameVi: 'Nhóm', nameEn: 'Group' }],
    revocationKeyCriteria: ['10'],
    criteria: [
      {
        code: '10',
        nameVi: 'Thu nhập',
        nameEn: 'Income',
        group: 'g',
        owners: ['THONG_KE'],
        indicators: [
          {
            code: '10',
            nameVi: 'Thu nhập bình quân',
            nameEn: 'Average income',
            threshold: {
              kind: 'min',
              unit: 'trieu-dong/nguoi/nam',
              value: 45,
              byRegion: { 'trung-du-mien-nui-phia-bac': 36 },
              byGroup: { '1': 60, '3': 30 },
              sourced: true,
              source: 'test fixture',
            },
          },
        ],
      },
      {
        code: '11',
        nameVi: 'Nghèo đa chiều',
        nameEn: 'Poverty',
        group: 'g',
        owners: ['LD_TBXH'],
        indicators: [
          { code: '11', nameVi: 'Tỷ lệ nghèo đa chiều', nameEn: 'Poverty rate', threshold: { kind: 'max', unit: 'percent', value: 10, sourced: false } },
        ],
      },
      {
        code: '19',
        nameVi: 'Quốc phòng và An ninh',
        nameEn: 'Defence and security',
        group: 'g',
        owners: ['BCH_QUAN_SU', 'CONG_AN'],
        indicators: [
          { code: '19.1', nameVi: 'Dân quân', nameEn: 'Militia', owner: 'BCH_QUAN_SU', threshold: { kind: 'judgement', sourced: false } },
          { code: '19.2', nameVi: 'An ninh trật tự', nameEn: 'Public order', owner: 'CONG_AN', threshold: { kind: 'judgement', sourced: false } },
        ],
      },
      {
        code: '20',
        nameVi: 'Chưa có ngưỡng',
        nameEn: 'No threshold yet',
        group: 'g',
        owners: ['NN_PTNT'],
        indicators: [{ code: '20', nameVi: 'Tỷ lệ tưới tiêu', nameEn: 'Irrigated share', threshold: { kind: 'min', unit: 'percent', sourced: false } }],
      },
    ],
  }),
);

const NTM_2016 = unwrap(getCriteriaSet('commune-ntm-2016-2020'));
const yes = (by = 'reviewer-1'): IndicatorEvidence => ({ met: true, by });
const no = (by = 'reviewer-1'): IndicatorEvidence => ({ met: false, by });

function evalSmall(indicators: Assessment['indicators'], ctx = {}): CriteriaEvaluation {
  return unwrap(evaluateCommune(SMALL, { indicators }, ctx));
}
const crit = (e: CriteriaEvaluation, code: string) => e.criteria.find((c) => c.code === code)!;

describe('evaluating indicators', () => {
  it('fails income below the default threshold and says so in Vietnamese number format', () => {
    const c = crit(evalSmall({ '10': { value: 38.5 } }), '10');
    expect(c.status).toBe('not_met');
    expect(c.failing[0]!.reasonVi).toBe('Thu nhập bình quân 38,5 triệu đồng/người/năm, thấp hơn ngưỡng 45 triệu đồng/người/năm');
    expect(c.failing[0]!.reasonEn).toBe('Average income 38.5 million VND/person/year, below the threshold of 45 million VND/person/year');
  });

  it('applies the northern midlands and mountains threshold for a commune there', () => {
    expect(crit(evalSmall({ '10': { value: 38.5 } }, { region: 'trung-du-mien-nui-phia-bac' }), '10').status).toBe('met');
  });

  it('applies the commune-group threshold before the regional one', () => {
    const ctx = { region: 'trung-du-mien-nui-phia-bac' as const };
    expect(crit(evalSmall({ '10': { value: 38.5 } }, { ...ctx, communeGroup: 1 }), '10').status).toBe('not_met');
    expect(crit(evalSmall({ '10': { value: 31 } }, { ...ctx, communeGroup: 3 }), '10').status).toBe('met');
    // Group 2 has no value of its own: the region's applies.
    expect(crit(evalSmall({ '10': { value: 37 } }, { ...ctx, communeGroup: 2 }), '10').status).toBe('met');
  });

  it('meets a minimum exactly at the threshold', () => {
    expect(crit(evalSmall({ '10': { value: 45 } }), '10').status).toBe('met');
  });

  it('fails a maximum above it, naming the maximum', () => {
    const c = crit(evalSmall({ '11': { value: 12.5 } }), '11');
    expect(c.status).toBe('not_met');
    expect(c.failing[0]!.reasonVi).toBe('Tỷ lệ nghèo đa chiều 12,5%, cao hơn ngưỡng tối đa 10%');
    expect(c.failing[0]!.thresholdSourced).toBe(false);
  });

  it('records who judged an indicator', () => {
    const c = crit(evalSmall({ '19.1': yes('bch-qs-01'), '19.2': no('ca-02') }), '19');
    expect(c.status).toBe('not_met');
    expect(c.failing.map((i) => [i.code, i.judgedBy])).toEqual([['19.2', 'ca-02']]);
    expect(c.failing[0]!.reasonVi).toContain('ca-02 đánh giá chưa đạt');
  });

  it('leaves a criterion with a missing indicator as missing evidence, not met', () => {
    const c = crit(evalSmall({ '19.1': yes() }), '19');
    expect(c.status).toBe('missing_evidence');
    expect(c.missing.map((i) => i.code)).toEqual(['19.2']);
  });

  it('lets a reviewer settle a numeric indicator whose threshold is not configured', () => {
    expect(crit(evalSmall({ '20': { value: 85 } }), '20').status).toBe('missing_evidence');
    expect(crit(evalSmall({ '20': { value: 85 } }), '20').missing[0]!.reasonVi).toContain('chưa cấu hình ngưỡng');
    expect(crit(evalSmall({ '20': yes() }), '20').status).toBe('met');
  });

  it('does not accept a number for an indicator that is judged', () => {
    expect(crit(evalSmall({ '19.1': { value: 1 }, '19.2': yes() }), '19').status).toBe('missing_evidence');
  });

  it('counts met, not met and missing criteria', () => {
    const e = evalSmall({ '10': { value: 50 }, '11': { value: 20 }, '19.1': yes() });
    expect([e.total, e.metCount, e.notMetCount, e.missingCount, e.allMet]).toEqual([4, 1, 1, 2, false]);
  });
});

describe('evaluation input', () => {
  it('refuses evidence for an indicator the set does not have', () => {
    const r = evaluateCommune(SMALL, { indicators: { '99.9': yes() } });
    expect(r.ok ? '' : `${r.error.code} ${r.error.path}`).toBe('EVALUATION.UNKNOWN_INDICATOR indicators.99.9');
  });

  it('refuses a judgement without who judged it, with the path', () => {
    const r = evaluateCommune(SMALL, { indicators: { '19.1': { met: true } } });
    expect(r.ok ? '' : r.error.code).toBe('EVALUATION.INVALID_ASSESSMENT');
    expect(r.ok ? '' : r.error.path).toMatch(/^indicators\.19\.1/);
  });

  it('refuses to evaluate a commune against a village set', () => {
    const village = unwrap(getCriteriaSet('village-dien-bien-2022'));
    const r = evaluateCommune(village, { indicators: {} });
    expect(r.ok ? '' : r.error.code).toBe('EVALUATION.WRONG_SCOPE');
    expect(evaluateUnit(village, { indicators: { '1': yes() } }).ok).toBe(true);
  });
});

describe('formatNumberVi', () => {
  it('writes a comma decimal and dot thousands', () => {
    expect([formatNumberVi(38.5), formatNumberVi(1234567.25), formatNumberVi(45), formatNumberVi(-0.5)]).toEqual(['38,5', '1.234.567,25', '45', '-0,5']);
  });
});

/** Arbitrary evidence for every indicator of a set: absent, a judgement or a number. */
function arbAssessment(set: CriteriaSet): fc.Arbitrary<Assessment> {
  const codes = set.criteria.flatMap((c) => c.indicators.map((i) => i.code));
  const evidence: fc.Arbitrary<IndicatorEvidence | null> = fc.oneof(
    fc.constant(null),
    fc.record({ met: fc.boolean(), by: fc.constantFrom('a', 'b') }),
    fc.record({ value: fc.double({ min: 0, max: 100, noNaN: true }) }),
  );
  return fc.array(evidence, { minLength: codes.length, maxLength: codes.length }).map((list) => {
    const indicators: Record<string, IndicatorEvidence> = {};
    list.forEach((e, i) => {
      if (e) indicators[codes[i]!] = e;
    });
    return { indicators };
  });
}

describe('evaluation properties', () => {
  const sets = [NTM_2016, SMALL];
  const ctx = fc.record({
    communeGroup: fc.option(fc.constantFrom(1 as const, 2 as const, 3 as const), { nil: undefined }),
    region: fc.option(fc.constant('trung-du-mien-nui-phia-bac' as const), { nil: undefined }),
  });

  it.each(sets.map((s) => [s.id, s] as const))('metCount equals the number of met criteria (%s)', (_id, set) => {
    fc.assert(
      fc.property(arbAssessment(set), ctx, (a, c) => {
        const e = unwrap(evaluateCommune(set, a, c));
        expect(e.metCount).toBe(e.criteria.filter((x) => x.status === 'met').length);
        expect(e.metCount + e.notMetCount + e.missingCount).toBe(set.criteria.length);
        expect(e.allMet).toBe(e.metCount === e.total);
      }),
    );
  });

  it.each(sets.map((s) => [s.id, s] as const))('a criterion is met exactly when all its indicators are (%s)', (_id, set) => {
    fc.assert(
      fc.property(arbAssessment(set), (a) => {
        for (const c of unwrap(evaluateCommune(set, a)).criteria) {
          expect(c.status === 'met').toBe(c.indicators.every((i) => i.status === 'met'));
          expect(c.status === 'not_met').toBe(c.failing.length > 0);
        }
      }),
    );
  });

  it.each(sets.map((s) => [s.id, s] as const))('making an indicator fail never raises the met count (%s)', (_id, set) => {
    const codes = set.criteria.flatMap((c) => c.indicators.map((i) => i.code));
    fc.assert(
      fc.property(arbAssessment(set), fc.constantFrom(...codes), ctx, (a, code, c) => {
        const before = unwrap(evaluateCommune(set, a, c));
        const after = unwrap(evaluateCommune(set, { indicators: { ...a.indicators, [code]: no() } }, c));
        expect(after.metCount).toBeLessThanOrEqual(before.metCount);
        expect(after.notMetCount).toBeGreaterThanOrEqual(before.notMetCount);
      }),
    );
  });

  it('meets every criterion when every indicator is judged met', () => {
    const all = Object.fromEntries(NTM_2016.criteria.flatMap((c) => c.indicators.map((i) => [i.code, yes()])));
    expect(unwrap(evaluateCommune(NTM_2016, { indicators: all })).allMet).toBe(true);
  });
});
