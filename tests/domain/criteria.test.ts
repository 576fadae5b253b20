import {
  criterionOwners,
  getCriteriaSet,
  listCriteriaSets,
  loadCriteriaSet,
  reviewAssignments,
  type CriteriaSet,
  type CriteriaSetInput,
} from '../../domain/criteria';
import { COMMUNE_NTM_2016_2020 } from '../../domain/criteria/sets/commune-ntm-2016-2020';
import { DEPARTMENTS, isDepartmentCode } from '../../domain/departments';

function mustGet(id: string): CriteriaSet {
  const r = getCriteriaSet(id);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

/** A deep copy of the 2016-2020 data that a test may break. */
function copyOf2016(): CriteriaSetInput & { criteria: any[] } {
  return JSON.parse(JSON.stringify(COMMUNE_NTM_2016_2020));
}

// The table in domain.md (seed 000, Tuần Giáo 2021).
const OWNERS: Record<string, string[]> = {
  '1': ['KT_HT'],
  '2': ['KT_HT'],
  '3': ['NN_PTNT'],
  '4': ['KT_HT'],
  '5': ['GD_DT'],
  '6': ['VH_TT'],
  '7': ['KT_HT'],
  '8': ['VH_TT'],
  '9': ['KT_HT'],
  '10': ['THONG_KE'],
  '11': ['LD_TBXH'],
  '12': ['LD_TBXH'],
  '13': ['NN_PTNT'],
  '14': ['GD_DT', 'LD_TBXH'],
  '15': ['VP_HDND_UBND'],
  '16': ['VH_TT'],
  '17': ['TN_MT'],
  '18': ['NOI_VU', 'TU_PHAP'],
  '19': ['BCH_QUAN_SU', 'CONG_AN'],
};
const GROUP_OF: Record<string, string> = {
  '1': '1',
  '2': '2',
  '3': '2',
  '4': '2',
  '5': '2',
  '6': '2',
  '7': '2',
  '8': '2',
  '9': '2',
  '10': '3',
  '11': '3',
  '12': '3',
  '13': '3',
  '14': '4',
  '15': '4',
  '16': '4',
  '17': '4',
  '18': '5',
  '19': '5',
};

describe.each(['commune-ntm-2016-2020', 'commune-ntm-2021-2025'])('the national commune set %s', (id) => {
  const set = mustGet(id);

  it('has 19 criteria coded 1 to 19 in five groups', () => {
    expect(set.criteria.map((c) => c.code)).toEqual(Array.from({ length: 19 }, (_, i) => String(i + 1)));
    expect(set.groups.map((g) => g.code)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('puts each criterion in the group the seed appendix prints it under', () => {
    for (const c of set.criteria) expect([c.code, c.group]).toEqual([c.code, GROUP_OF[c.code]]);
  });

  it('assigns each criterion to the departments of the Tuần Giáo 2021 table', () => {
    for (const c of set.criteria) expect([c.code, criterionOwners(set, c.code)]).toEqual([c.code, OWNERS[c.code]]);
  });

  it('splits 19 between the military command (19.1) and the police (19.2)', () => {
    const c19 = set.criteria.find((c) => c.code === '19')!;
    expect(c19.indicators.map((i) => [i.code, i.owner])).toEqual([
      ['19.1', 'BCH_QUAN_SU'],
      ['19.2', 'CONG_AN'],
    ]);
  });

  it('names income, environment and defence as the revocation key criteria', () => {
    expect(set.revocationKeyCriteria).toEqual(['10', '17', '19']);
  });
});

describe('criteria set contents', () => {
  it('spells the 2016-2020 criteria as the seed 004 appendix does', () => {
    const set = mustGet('commune-ntm-2016-2020');
    expect(set.criteria.map((c) => c.nameVi)).toEqual([
      'Quy hoạch',
      'Giao thông',
      'Thủy lợi',
      'Điện',
      'Trường học',
      'Cơ sở vật chất văn hóa',
      'Cơ sở hạ tầng thương mại nông thôn',
      'Thông tin và truyền thông',
      'Nhà ở dân cư',
      'Thu nhập',
      'Hộ nghèo',
      'Tỷ lệ lao động có việc làm',
      'Tổ chức sản xuất',
      'Giáo dục và đào tạo',
      'Y tế',
      'Văn hóa',
      'Môi trường và an toàn thực phẩm',
      'Hệ thống chính trị và tiếp cận pháp luật',
      'Quốc phòng và an ninh',
    ]);
  });

  it('encodes the 49 indicators of the 2016-2020 set with the trained-labour indicator 14.3 owned by Labour', () => {
    const set = mustGet('commune-ntm-2016-2020');
    expect(set.criteria.flatMap((c) => c.indicators)).toHaveLength(49);
    expect(set.criteria.find((c) => c.code === '14')!.indicators.find((i) => i.code === '14.3')!.owner).toBe('LD_TBXH');
  });

  it('uses the 2021-2025 names that changed: 3, 11 and 13', () => {
    const set = mustGet('commune-ntm-2021-2025');
    const name = (code: string) => set.criteria.find((c) => c.code === code)!.nameVi;
    expect([name('3'), name('11'), name('13')]).toEqual([
      'Thủy lợi và phòng, chống thiên tai',
      'Nghèo đa chiều',
      'Tổ chức sản xuất và phát triển kinh tế nông thôn',
    ]);
    expect(set.legalBasis[0]).toMatchObject({ decision: '318/QĐ-TTg', date: '2022-03-08', sourced: true });
    expect(set.completeness.indicatorsInLegalText).toBe(57);
  });

  it('admits that the 2021-2025 and 2026-2030 indicators are placeholders', () => {
    for (const id of ['commune-ntm-2021-2025', 'commune-ntm-2026-2030']) {
      const indicators = mustGet(id).criteria.flatMap((c) => c.indicators);
      expect(indicators.some((i) => i.placeholder)).toBe(true);
      expect(indicators.every((i) => !i.threshold.sourced)).toBe(true);
    }
  });

  it('loads the 2026-2030 set with 10 criteria under Decision 51/2025', () => {
    const set = mustGet('commune-ntm-2026-2030');
    expect(set.criteria).toHaveLength(10);
    expect(set.legalBasis[0]).toMatchObject({ decision: '51/2025/QĐ-TTg', date: '2025-12-29', effectiveFrom: '2026-02-15' });
    expect(set.completeness).toMatchObject({ criteriaInLegalText: 10, indicatorsInLegalText: 47 });
  });

  it('marks every sourced threshold and legal basis with its source', () => {
    for (const set of listCriteriaSets()) {
      for (const b of set.legalBasis) if (b.sourced) expect(b.source).toBeTruthy();
      for (const i of set.criteria.flatMap((c) => c.indicators)) if (i.threshold.sourced) expect(i.threshold.source).toBeTruthy();
    }
  });

  it('lists the built-in sets, including the Điện Biên village sets and OCOP', () => {
    expect(
      listCriteriaSets()
        .map((s) => s.id)
        .sort(),
    ).toEqual(
      [
        'commune-ntm-2016-2020',
        'commune-ntm-2021-2025',
        'commune-ntm-2026-2030',
        'ocop-2021',
        'village-dien-bien-2022',
        'village-kieu-mau-dien-bien-2022',
      ].sort(),
    );
    expect(mustGet('village-dien-bien-2022')).toMatchObject({ scope: 'village', province: 'dien-bien' });
  });

  it('refuses an unknown set id with CRITERIA.UNKNOWN_SET', () => {
    const r = getCriteriaSet('commune-ntm-1999');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('CRITERIA.UNKNOWN_SET');
  });
});

describe('reviewAssignments', () => {
  it('gives every criterion at least one reviewing department, and each known', () => {
    for (const set of listCriteriaSets()) {
      const a = reviewAssignments(set);
      for (const c of set.criteria) expect(a.some((x) => x.criterion === c.code)).toBe(true);
      for (const x of a) expect(isDepartmentCode(x.department)).toBe(true);
    }
  });

  it('tells each department of criterion 18 which indicators it reviews', () => {
    const a = reviewAssignments(mustGet('commune-ntm-2016-2020')).filter((x) => x.criterion === '18');
    expect(a).toEqual([
      { criterion: '18', department: 'NOI_VU', indicators: ['18.1', '18.2', '18.3', '18.4', '18.6'], lead: true },
      { criterion: '18', department: 'TU_PHAP', indicators: ['18.5'], lead: false },
    ]);
  });

  it('gives Finance and Planning no criterion, as seed 000 assigns it funding only', () => {
    const a = reviewAssignments(mustGet('commune-ntm-2016-2020'));
    expect(a.some((x) => x.department === 'TC_KH')).toBe(false);
    expect(DEPARTMENTS.find((d) => d.code === 'NN_PTNT')!.standingAgency).toBe(true);
  });

  it('returns no owners for a criterion the set does not have', () => {
    expect(criterionOwners(mustGet('commune-ntm-2016-2020'), '20')).toEqual([]);
  });
});

describe('loadCriteriaSet refuses a malformed set with the exact path', () => {
  function expectFault(mutate: (s: any) => void, path: string) {
    const s = copyOf2016();
    mutate(s);
    const r = loadCriteriaSet(s);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CRITERIA.INVALID_SET');
      expect(r.error.path).toBe(path);
      expect(r.error.messageVi).toContain(path);
    }
  }

  it('accepts the shipped data unchanged', () => {
    expect(loadCriteriaSet(copyOf2016()).ok).toBe(true);
  });

  it('points at a threshold value that is not a number', () => {
    expectFault((s) => (s.criteria[3].indicators[1].threshold.value = 'ninety'), 'criteria.3.indicators.1.threshold.value');
  });

  it('points at a percentage above 100', () => {
    expectFault((s) => (s.criteria[3].indicators[1].threshold.value = 120), 'criteria.3.indicators.1.threshold.value');
  });

  it('points at an unknown department', () => {
    expectFault((s) => (s.criteria[0].owners = ['PHONG_MA']), 'criteria.0.owners.0');
  });

  it('points at a duplicate criterion code', () => {
    expectFault((s) => (s.criteria[1].code = '1'), 'criteria.1.code');
  });

  it('points at a duplicate indicator code', () => {
    expectFault((s) => (s.criteria[1].indicators[1].code = '2.1'), 'criteria.1.indicators.1.code');
  });

  it('points at an indicator not prefixed by its criterion', () => {
    expectFault((s) => (s.criteria[18].indicators[0].code = '18.9'), 'criteria.18.indicators.0.code');
  });

  it('points at a group that does not exist', () => {
    expectFault((s) => (s.criteria[4].group = '9'), 'criteria.4.group');
  });

  it('points at an indicator owner who does not own the criterion', () => {
    expectFault((s) => (s.criteria[18].indicators[1].owner = 'TN_MT'), 'criteria.18.indicators.1.owner');
  });

  it('points at a threshold marked sourced without a source', () => {
    expectFault((s) => (s.criteria[9].indicators[0].threshold.sourced = true), 'criteria.9.indicators.0.threshold.source');
  });

  it('points at an unknown threshold kind', () => {
    expectFault((s) => (s.criteria[2].indicators[0].threshold.kind = 'between'), 'criteria.2.indicators.0.threshold.kind');
  });

  it('points at a revocation key criterion the set does not have', () => {
    expectFault((s) => (s.revocationKeyCriteria = ['10', '42']), 'revocationKeyCriteria.1');
  });

  it('points at an owner that reviews no indicator', () => {
    expectFault((s) => (s.criteria[0].owners = ['KT_HT', 'TN_MT']), 'criteria.0.owners.1');
  });

  it('refuses something that is not a set at all at the root', () => {
    const r = loadCriteriaSet('19 tiêu chí');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.path).toBe('(root)');
  });
});
