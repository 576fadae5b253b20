import { getCriteriaSet, type CriteriaSet } from '../../domain/criteria';
import { evaluateCommune, evaluateUnit, type Assessment, type CriteriaEvaluation } from '../../domain/evaluation';
import { evaluateTitle, TITLE_DEFINITIONS, type TitleEligibility } from '../../domain/titles';

/** Rows of seed 004's appendix "Kết quả thực hiện bộ tiêu chí" (criteria met, 2016-2020 set). */
const APPENDIX_ROWS: Record<string, readonly number[]> = {
  'Nà Sáy': [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19],
  'Mường Khong': [1, 3, 7, 8, 12, 13, 19],
  'Thanh Nua': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
  'Mường Nhà': [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 19],
  'Pú Xi': [1, 3, 7, 12, 13, 18, 19],
};

/** Judges every indicator of the listed criteria met and every other indicator not met. */
function assessmentFromRow(set: CriteriaSet, met: readonly number[], by = 'vpdp-huyen'): Assessment {
  const metCodes = new Set(met.map(String));
  const indicators: Assessment['indicators'] = {};
  for (const c of set.criteria) for (const i of c.indicators) indicators[i.code] = { met: metCodes.has(c.code), by };
  return { indicators };
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { messageEn: string } }): T {
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}
const NTM_2016 = unwrap(getCriteriaSet('commune-ntm-2016-2020'));
const row = (name: string): CriteriaEvaluation => unwrap(evaluateCommune(NTM_2016, assessmentFromRow(NTM_2016, APPENDIX_ROWS[name]!)));
const title = (id: string, input: Parameters<typeof evaluateTitle>[1]): TitleEligibility => unwrap(evaluateTitle(id, input));

/** The same set relabelled as another standard, to stand in for the unencoded nâng cao / kiểu mẫu sets. */
function asStandard(set: CriteriaSet, standard: CriteriaSet['standard']): CriteriaSet {
  return { ...set, id: `${set.id}-as-${standard}`, standard };
}

describe('commune đạt chuẩn', () => {
  it('is granted when all 19 criteria are met (Thanh Nưa in the seed appendix)', () => {
    const t = title('commune.dat-chuan', { evaluation: row('Thanh Nua') });
    expect([t.eligible, t.reasons, t.summaryVi]).toEqual([true, [], 'Đạt 19/19 tiêu chí']);
  });

  it('is refused for Nà Sáy with 17 criteria, naming income and poverty', () => {
    const t = title('commune.dat-chuan', { evaluation: row('Nà Sáy') });
    expect(t.eligible).toBe(false);
    expect(t.reasons.map((r) => r.code)).toEqual(['TITLE.CRITERION_NOT_MET', 'TITLE.CRITERION_NOT_MET']);
    expect(t.reasons[0]!.vi).toMatch(/^Tiêu chí 10 \(Thu nhập\) chưa đạt: Thu nhập bình quân đầu người khu vực nông thôn: vpdp-huyen đánh giá chưa đạt/);
    expect(t.reasons[1]!.vi).toMatch(/^Tiêu chí 11 \(Hộ nghèo\)/);
  });

  it('is refused while a criterion lacks evidence, saying which', () => {
    const a = assessmentFromRow(NTM_2016, APPENDIX_ROWS['Thanh Nua']!);
    delete a.indicators['19.2'];
    const t = title('commune.dat-chuan', { evaluation: unwrap(evaluateCommune(NTM_2016, a)) });
    expect(t.eligible).toBe(false);
    expect(t.reasons.map((r) => r.code)).toEqual(['TITLE.CRITERION_MISSING_EVIDENCE']);
    expect(t.reasons[0]!.en).toContain('Criterion 19');
  });

  it('refuses an evaluation of the wrong kind of set', () => {
    const village = unwrap(getCriteriaSet('village-dien-bien-2022'));
    const ev = unwrap(evaluateUnit(village, { indicators: { '1': { met: true, by: 'x' } } }));
    const r = evaluateTitle('commune.dat-chuan', { evaluation: ev });
    expect(r.ok ? '' : r.error.code).toBe('TITLE.WRONG_SET');
  });

  it('needs an evaluation', () => {
    const r = evaluateTitle('commune.dat-chuan', {});
    expect(r.ok ? '' : r.error.code).toBe('TITLE.MISSING_INPUT');
  });

  it('refuses an unknown title', () => {
    const r = evaluateTitle('commune.xuat-sac', {});
    expect(r.ok ? '' : r.error.code).toBe('TITLE.UNKNOWN');
  });
});

describe('commune cơ bản đạt chuẩn (provincial option)', () => {
  it('is granted from 15 criteria when the province uses it', () => {
    const t = title('commune.co-ban-dat-chuan', { evaluation: row('Nà Sáy'), provincialOptions: { coBanDatChuan: true } });
    expect([t.eligible, t.summaryVi]).toEqual([true, 'Đạt 17/19 tiêu chí']);
  });

  it('is refused when the province does not use it', () => {
    const t = title('commune.co-ban-dat-chuan', { evaluation: row('Nà Sáy') });
    expect(t.reasons.map((r) => r.code)).toEqual(['TITLE.PROVINCIAL_OPTION_OFF']);
  });

  it('is refused below 15 criteria, giving the count', () => {
    const t = title('commune.co-ban-dat-chuan', { evaluation: row('Mường Khong'), provincialOptions: { coBanDatChuan: true } });
    expect(t.eligible).toBe(false);
    expect(t.reasons[0]!.vi).toBe('Đạt 7/19 tiêu chí, cần ít nhất 15');
  });

  it('draws the line exactly at 15', () => {
    const met = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    const at = (n: number) =>
      title('commune.co-ban-dat-chuan', {
        evaluation: unwrap(evaluateCommune(NTM_2016, assessmentFromRow(NTM_2016, met(n)))),
        provincialOptions: { coBanDatChuan: true },
      }).eligible;
    expect([at(14), at(15)]).toEqual([false, true]);
  });
});

describe('nâng cao and kiểu mẫu', () => {
  const allMet = asStandard(NTM_2016, 'nang-cao');
  const evaluation = unwrap(evaluateCommune(allMet, assessmentFromRow(allMet, APPENDIX_ROWS['Thanh Nua']!)));

  it('requires đạt chuẩn first', () => {
    const t = title('commune.nang-cao', { evaluation });
    expect(t.reasons.map((r) => r.code)).toEqual(['TITLE.PREREQUISITE']);
    expect(t.reasons[0]!.vi).toBe('Cần được công nhận "Xã đạt chuẩn nông thôn mới" trước');
  });

  it('is granted to a đạt chuẩn commune meeting its own set', () => {
    expect(title('commune.nang-cao', { evaluation, heldTitles: ['commune.dat-chuan'] }).eligible).toBe(true);
  });

  it('is not measured against the đạt chuẩn set', () => {
    const r = evaluateTitle('commune.kieu-mau', { evaluation: row('Thanh Nua'), heldTitles: ['commune.dat-chuan'] });
    expect(r.ok ? '' : r.error.code).toBe('TITLE.WRONG_SET');
  });
});

describe('village titles', () => {
  const village = unwrap(getCriteriaSet('village-dien-bien-2022'));
  const kieuMau = unwrap(getCriteriaSet('village-kieu-mau-dien-bien-2022'));
  const judged = (set: CriteriaSet, met: boolean) => unwrap(evaluateUnit(set, { indicators: { '1': { met, by: 'ubnd-huyen' } } }));

  it('grants a village đạt chuẩn from its provincial set', () => {
    expect(title('village.dat-chuan', { evaluation: judged(village, true) }).eligible).toBe(true);
    expect(title('village.dat-chuan', { evaluation: judged(village, false) }).eligible).toBe(false);
  });

  it('grants kiểu mẫu only to a village already đạt chuẩn', () => {
    expect(title('village.kieu-mau', { evaluation: judged(kieuMau, true) }).eligible).toBe(false);
    expect(title('village.kieu-mau', { evaluation: judged(kieuMau, true), heldTitles: ['village.dat-chuan'] }).eligible).toBe(true);
  });
});

describe('district đạt chuẩn', () => {
  const districtSet: CriteriaSet = {
    ...unwrap(getCriteriaSet('village-dien-bien-2022')),
    id: 'district-test',
    scope: 'district',
    standard: 'dat-chuan',
  };
  const districtEval = unwrap(evaluateUnit(districtSet, { indicators: { '1': { met: true, by: 'so-nn' } } }));
  const communes = [
    { code: 'a', name: 'Quài Cang', recognised: true },
    { code: 'b', name: 'Quài Nưa', recognised: true },
  ];

  it('is granted when every commune is recognised, district criteria met and 90% satisfied', () => {
    const t = title('district.dat-chuan', { communes, evaluation: districtEval, residentSatisfactionPct: 95 });
    expect([t.eligible, t.summaryVi]).toEqual([true, '2/2 xã đạt chuẩn']);
  });

  it('names each commune not yet recognised', () => {
    const t = title('district.dat-chuan', {
      communes: [...communes, { code: 'c', name: 'Chiềng Sinh', recognised: false }],
      evaluation: districtEval,
      residentSatisfactionPct: 95,
    });
    expect(t.reasons.map((r) => r.vi)).toEqual(['Xã Chiềng Sinh chưa được công nhận Xã đạt chuẩn nông thôn mới']);
  });

  it('is refused without the district criteria or with satisfaction under 90%', () => {
    const t = title('district.dat-chuan', { communes, residentSatisfactionPct: 89.5 });
    expect(t.reasons.map((r) => r.code)).toEqual(['TITLE.DISTRICT_CRITERIA_NOT_EVALUATED', 'TITLE.SATISFACTION_LOW']);
    expect(t.reasons[1]!.vi).toBe('Tỷ lệ người dân hài lòng 89,5%, thấp hơn ngưỡng 90%');
  });

  it('needs the list of communes', () => {
    const r = evaluateTitle('district.dat-chuan', { communes: [] });
    expect(r.ok ? '' : r.error.code).toBe('TITLE.MISSING_INPUT');
  });
});

describe('OCOP', () => {
  it('certifies from 3 stars and refuses 2 stars with the reason', () => {
    expect(title('ocop.sao', { ocopScore: 50 }).eligible).toBe(true);
    const t = title('ocop.sao', { ocopScore: 49.5 });
    expect([t.eligible, t.summaryVi]).toEqual([false, '49,5 điểm: 2 sao']);
    expect(t.reasons[0]!.code).toBe('TITLE.OCOP_BELOW_CERTIFIED');
  });

  it('refuses an impossible score', () => {
    const r = evaluateTitle('ocop.sao', { ocopScore: 101 });
    expect(r.ok ? '' : r.error.code).toBe('OCOP.INVALID_SCORE');
  });
});

describe('title definitions', () => {
  it('define every title once, each with a source', () => {
    expect(new Set(TITLE_DEFINITIONS.map((t) => t.id)).size).toBe(TITLE_DEFINITIONS.length);
    for (const t of TITLE_DEFINITIONS) expect(t.source.length).toBeGreaterThan(0);
  });
});
