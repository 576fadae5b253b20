import { MISSING_ROLES, ROLE_ACTIONS, TWO_TIER_POSITIONS } from '../../domain/access';
import {
  applyOwnership,
  checkCommuneGroupForSet,
  criteriaSetWithOwnership,
  getCriteriaSet,
  loadCriteriaSet,
  loadOwnershipTable,
  ownershipTableFor,
  reviewAssignments,
  type CriteriaSet,
} from '../../domain/criteria';
import { DEPARTMENTS, findDepartment, isDepartmentCode, PROVINCIAL_DEPARTMENTS } from '../../domain/departments';
import { evaluateUnit } from '../../domain/evaluation';
import {
  DIEN_BIEN_UNITS_2025,
  getPipelineConfig,
  loadPipelineConfig,
  nextLevel,
  pipelineForDate,
  recognisingLevel,
  stepTimeLimits,
  TWO_TIER_PIPELINE,
  type PipelineConfig,
} from '../../domain/units';

function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; messageEn: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.messageEn}`);
  return r.value;
}
const code = (r: { ok: boolean; error?: { code: string; path?: string } }) => (r.ok ? 'ok' : `${r.error!.code} ${r.error!.path ?? ''}`.trim());

describe('departments', () => {
  it('keeps the 13 district departments and adds the provincial sở, ngành', () => {
    expect(DEPARTMENTS).toHaveLength(13);
    expect(DEPARTMENTS.every((d) => d.tier === 'district')).toBe(true);
    expect(PROVINCIAL_DEPARTMENTS.map((d) => d.nameVi)).toEqual(
      expect.arrayContaining([
        'Sở Nông nghiệp và Môi trường',
        'Sở Xây dựng',
        'Sở Công Thương',
        'Sở Văn hóa, Thể thao và Du lịch',
        'Sở Giáo dục và Đào tạo',
        'Sở Y tế',
        'Sở Nội vụ',
        'Công an tỉnh',
        'Bộ Chỉ huy Quân sự tỉnh',
      ]),
    );
    expect(PROVINCIAL_DEPARTMENTS.every((d) => d.tier === 'province')).toBe(true);
    expect(isDepartmentCode('SO_NN_MT') && findDepartment('SO_NN_MT')?.source).toContain('45/2025');
  });
});

describe('pipelines by date', () => {
  const cfg = (r: ReturnType<typeof getPipelineConfig>): PipelineConfig => must(r);

  it('chooses three-tier for a 2024 plan year and two-tier for 2026', () => {
    expect(cfg(pipelineForDate('2024-01-01')).id).toBe('three-tier');
    expect(cfg(pipelineForDate('2026-01-01')).id).toBe('two-tier');
  });

  it('sends a commune dossier to the province (review, council, chair) and a village dossier nowhere beyond the commune', () => {
    const two = cfg(getPipelineConfig('two-tier'));
    expect(must(stepTimeLimits(two, 'commune.dat-chuan')).map((s) => `${s.step.level}/${s.step.action}`)).toEqual([
      'commune/self-assessment',
      'province/review',
      'province/appraisal',
      'province/recognition',
    ]);
    expect(recognisingLevel(two, 'village.dat-chuan')).toEqual({ ok: true, value: 'commune' });
    expect(nextLevel(two, 'village.dat-chuan', 'commune')).toEqual({ ok: true, value: null });
  });

  it('carries default time limits, every one flagged unsourced', () => {
    const limits = must(stepTimeLimits(cfg(getPipelineConfig('two-tier')), 'commune.dat-chuan')).flatMap((s) => (s.limit ? [s.limit] : []));
    expect(limits.length).toBe(3);
    expect(limits.every((l) => !l.sourced && l.dayKind === 'working' && l.note)).toBe(true);
  });

  it('prefers a province’s own configuration, and refuses a sourced limit without a source', () => {
    const own = must(loadPipelineConfig({ ...JSON.parse(JSON.stringify(TWO_TIER_PIPELINE)), id: 'two-tier-dien-bien', province: 'dien-bien' }));
    const configs = [cfg(getPipelineConfig('three-tier')), cfg(getPipelineConfig('two-tier')), own];
    expect(cfg(pipelineForDate('2026-01-01', configs, 'dien-bien')).id).toBe('two-tier-dien-bien');
    expect(cfg(pipelineForDate('2026-01-01', configs, 'lai-chau')).id).toBe('two-tier');
    const bad = JSON.parse(JSON.stringify(TWO_TIER_PIPELINE));
    bad.titles[0].steps[1].limit = { days: 5, dayKind: 'working', sourced: true };
    expect(code(loadPipelineConfig(bad))).toBe('PIPELINE.INVALID_CONFIG titles.0.steps.1.limit.source');
  });
});

describe('criterion ownership per province and period', () => {
  const set2021 = must(getCriteriaSet('commune-ntm-2021-2025'));
  const set2026 = must(getCriteriaSet('commune-ntm-2026-2030'));

  it('uses the district departments of seed 000 until 30/6/2025 and the provincial ones after', () => {
    const before = must(ownershipTableFor({ setId: set2021.id, date: '2024-05-01' }));
    const after = must(ownershipTableFor({ setId: set2021.id, date: '2025-09-01' }));
    expect([before.id, before.level, before.sourced]).toEqual(['three-tier-tuan-giao-2021', 'district', true]);
    expect([after.id, after.level, after.sourced]).toEqual(['two-tier-default-19', 'province', false]);
    const same = must(applyOwnership(set2021, before));
    expect(reviewAssignments(same)).toEqual(reviewAssignments(set2021));
    const provincial = must(applyOwnership(set2021, after));
    const byCriterion = (s: CriteriaSet, c: string) =>
      reviewAssignments(s)
        .filter((a) => a.criterion === c)
        .map((a) => a.department);
    expect(byCriterion(provincial, '17')).toEqual(['SO_NN_MT']);
    expect(byCriterion(provincial, '19')).toEqual(['BCH_QUAN_SU_TINH', 'CONG_AN_TINH']);
    expect(byCriterion(provincial, '14')).toEqual(['SO_GD_DT', 'SO_NOI_VU']);
    expect(reviewAssignments(provincial).every((a) => findDepartment(a.department)?.tier === 'province')).toBe(true);
  });

  it('has the 2026-2030 set reviewed by provincial departments (unsourced), and no table for it before the reform', () => {
    const t = must(ownershipTableFor({ setId: set2026.id, date: '2026-03-01', provinceCode: 'dien-bien' }));
    expect([t.id, t.sourced]).toEqual(['two-tier-default-2026-2030', false]);
    expect(code(ownershipTableFor({ setId: set2026.id, date: '2024-01-01' }))).toBe('OWNERSHIP.NONE');
    expect(
      reviewAssignments(must(criteriaSetWithOwnership({ set: set2026, date: '2026-03-01' })))
        .filter((a) => a.lead)
        .map((a) => a.department),
    ).toEqual(['SO_XD', 'SO_XD', 'SO_NN_MT', 'SO_GD_DT', 'SO_VH_TT_DL', 'SO_NN_MT', 'SO_KH_CN', 'SO_NN_MT', 'SO_NOI_VU', 'SO_TU_PHAP']);
  });

  it('prefers a province’s own table', () => {
    const own = must(
      loadOwnershipTable({
        id: 'dien-bien-2026',
        nameVi: 'Điện Biên',
        nameEn: 'Điện Biên',
        level: 'province',
        province: 'dien-bien',
        effectiveFrom: '2026-01-01',
        sets: [set2026.id],
        sourced: true,
        source: 'QĐ …/QĐ-UBND (test)',
        entries: set2026.criteria.map((c) => ({ criterion: c.code, owners: ['SO_NN_MT'] })),
      }),
    );
    const tables = [own, must(ownershipTableFor({ setId: set2026.id, date: '2026-03-01' }))];
    expect(must(ownershipTableFor({ setId: set2026.id, date: '2026-03-01', provinceCode: 'dien-bien', tables })).id).toBe('dien-bien-2026');
    expect(must(ownershipTableFor({ setId: set2026.id, date: '2026-03-01', provinceCode: 'lai-chau', tables })).id).toBe('two-tier-default-2026-2030');
  });

  it('refuses bad tables with the exact place', () => {
    const base = { id: 't', nameVi: 't', nameEn: 't', level: 'province', sets: [set2026.id], sourced: false };
    expect(code(loadOwnershipTable({ ...base, entries: [{ criterion: '1', owners: ['KT_HT'] }] }))).toBe('OWNERSHIP.INVALID_TABLE entries.0.owners.0');
    expect(
      code(
        loadOwnershipTable({
          ...base,
          entries: [
            { criterion: '1', owners: ['SO_XD'] },
            { criterion: '1', owners: ['SO_CT'] },
          ],
        }),
      ),
    ).toBe('OWNERSHIP.INVALID_TABLE entries.1.criterion');
    expect(code(loadOwnershipTable({ ...base, sourced: true }))).toBe('OWNERSHIP.INVALID_TABLE source');
    const partial = must(loadOwnershipTable({ ...base, entries: [{ criterion: '1', owners: ['SO_XD'] }] }));
    const r = applyOwnership(set2026, partial);
    expect(code(r)).toBe('OWNERSHIP.MISSING_CRITERION entries');
    expect(r.ok ? '' : r.error.messageVi).toContain('tiêu chí 2');
    const unknown = must(loadOwnershipTable({ ...base, entries: [{ criterion: '11', owners: ['SO_XD'] }] }));
    expect(code(applyOwnership(set2026, unknown))).toBe('OWNERSHIP.UNKNOWN_CRITERION entries.0.criterion');
    expect(code(applyOwnership(must(getCriteriaSet('ocop-2021')), partial))).toBe('OWNERSHIP.NOT_FOR_SET sets');
  });
});

describe('the 2026-2030 commune set', () => {
  const set = must(getCriteriaSet('commune-ntm-2026-2030'));

  it('names the ten criteria in the order of Decision 51/2025', () => {
    expect(set.criteria.map((c) => `${c.code} ${c.nameVi}`)).toEqual([
      '1 Quy hoạch',
      '2 Hạ tầng kinh tế - xã hội',
      '3 Phát triển kinh tế nông thôn',
      '4 Đào tạo nguồn nhân lực nông thôn',
      '5 Văn hóa, giáo dục, y tế',
      '6 Giảm nghèo và an sinh xã hội',
      '7 Khoa học công nghệ và chuyển đổi số',
      '8 Môi trường và cảnh quan nông thôn',
      '9 Xây dựng hệ thống chính trị và hành chính công',
      '10 Tiếp cận pháp luật và an ninh, quốc phòng',
    ]);
    expect(set.legalBasis[0]).toMatchObject({ decision: '51/2025/QĐ-TTg', date: '2025-12-29', effectiveFrom: '2026-02-15', sourced: true });
  });

  it('defines commune groups 1/2/3 as the final decision does, with the warning about the draft', () => {
    const g = set.communeGroups!;
    expect(g.groups.map((x) => x.group)).toEqual([1, 2, 3]);
    expect(g.groups[0]!.definitionVi).toContain('dưới 10%');
    expect(g.groups[2]!.definitionVi).toContain('khu vực II và khu vực III');
    expect(g.warningVi).toContain('7/2025');
    expect(g.warningEn).toContain('reversed');
  });

  it('invents no indicator or number: one unsourced slot per criterion, no threshold value', () => {
    const inds = set.criteria.flatMap((c) => c.indicators);
    expect(inds).toHaveLength(10);
    expect(inds.every((i) => i.placeholder && !i.threshold.sourced && i.threshold.kind === 'judgement')).toBe(true);
  });
});

describe('a 2026-2030 dossier needs the commune’s group', () => {
  const set = must(getCriteriaSet('commune-ntm-2026-2030'));
  const muongNhe = DIEN_BIEN_UNITS_2025.find((u) => u.code === 'dien-bien/xa-muong-nhe')!;

  it('refuses a commune without a group, naming it', () => {
    const r = checkCommuneGroupForSet(muongNhe, set);
    expect(code(r)).toBe('CRITERIA.COMMUNE_GROUP_REQUIRED communeGroup');
    expect(r.ok ? '' : r.error.messageVi).toContain('Mường Nhé (dien-bien/xa-muong-nhe)');
    expect(r.ok ? '' : r.error.messageEn).toContain('dien-bien/xa-muong-nhe');
  });

  it('accepts a grouped commune, and any commune for a set without groups', () => {
    expect(checkCommuneGroupForSet({ ...muongNhe, communeGroup: 3 }, set)).toEqual({ ok: true, value: 3 });
    expect(checkCommuneGroupForSet(muongNhe, must(getCriteriaSet('commune-ntm-2021-2025')))).toEqual({ ok: true, value: undefined });
  });

  it('never measures a per-group threshold against the default when the group is missing', () => {
    const withNumbers = must(
      loadCriteriaSet({
        ...set,
        criteria: set.criteria.map((c, i) =>
          i === 0
            ? {
                ...c,
                indicators: [
                  { ...c.indicators[0]!, threshold: { kind: 'min', unit: 'percent', value: 50, byGroup: { '1': 90, '2': 80, '3': 70 }, sourced: false } },
                ],
              }
            : c,
        ),
      }),
    );
    const ev = (g?: 1 | 2 | 3) => must(evaluateUnit(withNumbers, { indicators: { '1': { value: 75 } } }, g ? { communeGroup: g } : {})).criteria[0]!.status;
    expect([ev(), ev(1), ev(3)]).toEqual(['missing_evidence', 'not_met', 'met']);
    const bad = loadCriteriaSet({
      ...set,
      criteria: set.criteria.map((c, i) =>
        i === 0 ? { ...c, indicators: [{ ...c.indicators[0]!, threshold: { kind: 'min', unit: 'percent', byGroup: { '4': 1 }, sourced: false } }] } : c,
      ),
    });
    expect(code(bad)).toMatch(/^CRITERIA.INVALID_SET criteria\.0\.indicators\.0\.threshold/);
  });
});

describe('roles after the reform', () => {
  it('maps each two-tier position to an existing role, and lists the roles still missing', () => {
    for (const p of TWO_TIER_POSITIONS) expect(ROLE_ACTIONS[p.role]).toBeDefined();
    expect(MISSING_ROLES.map((r) => r.id)).toEqual(['commune_chair', 'commune_specialist']);
    expect(MISSING_ROLES.every((r) => r.nameVi && r.actions.length > 0)).toBe(true);
  });
});
