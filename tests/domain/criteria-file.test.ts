import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { criteriaSetContent, decideCriteriaSetVersion, getCriteriaSet, parseCriteriaSetJson, type CriteriaSet } from '../../domain/criteria';
import { evaluateUnit } from '../../domain/evaluation';
import { criteriaSetFromRows, metaFromSet, parseCsv, type RowFault } from '../../domain/import';

const EXAMPLES = join(__dirname, '../../domain/criteria/examples');
function must<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; messageEn: string } }): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.messageEn}`);
  return r.value;
}
const BUILT_IN = must(getCriteriaSet('commune-ntm-2026-2030'));
const META = metaFromSet(BUILT_IN, { id: 'dien-bien-2026-2030', version: 1 });

function fromCsv(text: string, meta = META) {
  return criteriaSetFromRows({ records: must(parseCsv(text)), meta });
}
function faults(r: ReturnType<typeof fromCsv>): string[] {
  if (r.ok) return [];
  return (r.error.details!['faults'] as RowFault[]).map((f) => `${f.code} ${f.line}:${f.column}`);
}

const HEAD = 'criterion,criterion_name,indicator,indicator_name,unit,kind,threshold,group_1,group_2,group_3,source,sourced';
const ALL_BUT_1 = BUILT_IN.criteria
  .slice(1)
  .flatMap((c) => [`${c.code},"${c.nameVi}",,,,,,,,,,`, `${c.code},,${c.code},"${c.nameVi} (toàn tiêu chí)",,judgement,,,,,,false`]);

describe('criteria-set files: JSON', () => {
  it('loads the shipped 2026-2030 example, identical to the built-in set', () => {
    const set = must(parseCriteriaSetJson(readFileSync(join(EXAMPLES, 'commune-ntm-2026-2030.json'), 'utf8')));
    expect(criteriaSetContent(set)).toBe(criteriaSetContent(BUILT_IN));
    expect(set.criteria.flatMap((c) => c.indicators).every((i) => !i.threshold.sourced)).toBe(true);
  });

  it('says where the JSON breaks, and where the schema is violated', () => {
    const r = parseCriteriaSetJson('{\n  "id": "x",\n  oops\n}');
    expect(r.ok ? '' : r.error.code).toBe('CRITERIA_FILE.JSON_SYNTAX');
    expect(r.ok ? '' : r.error.path).toMatch(/^line 3, column \d+$/);
    const bad = JSON.parse(JSON.stringify(BUILT_IN)) as CriteriaSet & { criteria: { code: string }[] };
    bad.criteria[3]!.code = bad.criteria[2]!.code;
    const r2 = parseCriteriaSetJson(JSON.stringify(bad));
    expect(r2.ok ? '' : `${r2.error.code} ${r2.error.path}`).toBe('CRITERIA.INVALID_SET criteria.3.code');
  });
});

describe('criteria-set files: annex rows', () => {
  it('reads the shipped CSV fixture into the 2026-2030 structure, thresholds empty and unsourced', () => {
    const r = must(fromCsv(readFileSync(join(EXAMPLES, 'commune-ntm-2026-2030.csv'), 'utf8')));
    expect(r.set.criteria.map((c) => [c.code, c.nameVi])).toEqual(BUILT_IN.criteria.map((c) => [c.code, c.nameVi]));
    expect(r.set.criteria.map((c) => c.owners)).toEqual(BUILT_IN.criteria.map((c) => c.owners));
    expect(r.set.communeGroups?.groups.map((g) => g.group)).toEqual([1, 2, 3]);
    expect(r.set.criteria.flatMap((c) => c.indicators).every((i) => i.threshold.kind === 'judgement' && !i.threshold.sourced)).toBe(true);
    expect(r.lines['1']).toBe(3);
  });

  it('reads per-group thresholds and computes met / not met from a value', () => {
    const text = [
      HEAD,
      '1,Quy hoạch,,,,,,,,,,',
      '1,,1.1,Tỷ lệ đất được quy hoạch,%,min,,"≥ 95","90,5",80%,QĐ 51/2025 Phụ lục I (test),có',
      '1,,1.2,Ban hành quy chế quản lý quy hoạch,,đánh giá,,,,,,không',
      ...ALL_BUT_1,
    ].join('\n');
    const { set } = must(fromCsv(text));
    const t = set.criteria[0]!.indicators[0]!.threshold;
    expect(t).toMatchObject({ kind: 'min', unit: 'percent', byGroup: { '1': 95, '2': 90.5, '3': 80 }, sourced: true });
    const status = (v: number, g: 1 | 2 | 3) =>
      must(evaluateUnit(set, { indicators: { '1.1': { value: v } } }, { communeGroup: g })).criteria[0]!.indicators[0]!.status;
    expect([status(92, 1), status(92, 2), status(80, 3), status(79.9, 3)]).toEqual(['not_met', 'met', 'met', 'not_met']);
  });

  it('refuses a threshold column for a group the set does not define, at the header', () => {
    const r = fromCsv([`${HEAD},group_4`, '1,Quy hoạch,,,,,,,,,,,'].join('\n'));
    expect(faults(r)).toEqual(['CRITERIA_FILE.UNKNOWN_GROUP 1:group_4']);
    expect(r.ok ? '' : r.error.messageVi).toContain('Dòng 1, cột group_4');
    expect(r.ok ? '' : r.error.messageEn).toContain('Line 1, column group_4');
    // A set without commune groups has no group columns at all.
    const noGroups = metaFromSet(must(getCriteriaSet('commune-ntm-2021-2025')));
    expect(faults(fromCsv(HEAD, noGroups))).toEqual([
      'CRITERIA_FILE.UNKNOWN_GROUP 1:group_1',
      'CRITERIA_FILE.UNKNOWN_GROUP 1:group_2',
      'CRITERIA_FILE.UNKNOWN_GROUP 1:group_3',
    ]);
  });

  it('reports every fault with its line and column: duplicates, bad numbers, missing kind/unit/source, a missing criterion', () => {
    const text = [
      HEAD,
      '1,Quy hoạch,,,,,,,,,,',
      '1,,1.1,A,%,min,,95,90,80,,false',
      '1,,1.1,B,%,min,,95,90,80,,false',
      '1,,1.2,C,%,min,,abc,,,,false',
      '1,,1.3,D,%,,,95,,,,false',
      '1,,1.4,E,,min,,95,,,,false',
      '1,,1.5,F,,judgement,,,,,,true',
      '1,,2.1,G,,judgement,,,,,,false',
      '1,,1.6,H,%,min,,120,,,,false',
      ...ALL_BUT_1.filter((l) => !l.startsWith('10,')),
    ].join('\n');
    expect(faults(fromCsv(text))).toEqual([
      'CRITERIA_FILE.DUPLICATE_CODE 4:indicator',
      'IMPORT.BAD_VALUE 5:group_1',
      'CRITERIA_FILE.MISSING_VALUE 6:kind',
      'CRITERIA_FILE.MISSING_VALUE 7:unit',
      'CRITERIA_FILE.MISSING_VALUE 8:source',
      'IMPORT.BAD_VALUE 9:indicator',
      'CRITERIA_FILE.MISSING_CRITERION 26:criterion',
    ]);
    // Faults found by the set validator after building come back with their row.
    const pct = [HEAD, '1,Quy hoạch,,,,,,,,,,', '1,,1.6,H,%,min,,120,,,,false', ...ALL_BUT_1].join('\n');
    expect(faults(fromCsv(pct))).toEqual(['CRITERIA.INVALID_SET 3:group_1']);
  });

  it('refuses indicators of a criterion that has no heading, and a heading without indicators', () => {
    const text = [HEAD, '1,,1.1,A,,judgement,,,,,,false', '2,Hạ tầng,,,,,,,,,,', ...ALL_BUT_1.filter((l) => !l.startsWith('2,'))].join('\n');
    expect(faults(fromCsv(text))).toEqual(['CRITERIA_FILE.MISSING_CRITERION 2:criterion_name', 'CRITERIA_FILE.NO_INDICATORS 3:indicator']);
  });

  it('refuses an unknown column and a missing required one', () => {
    expect(faults(fromCsv('criterion,indicator,indicator_name,colour'))).toEqual(['IMPORT.BAD_HEADER 1:colour']);
    expect(faults(fromCsv('criterion,indicator'))).toEqual(['IMPORT.BAD_HEADER 1:indicator_name']);
  });
});

describe('criteria-set versions', () => {
  const v1 = BUILT_IN;
  const changed: CriteriaSet = { ...v1, nameVi: `${v1.nameVi} (sửa)` };

  it('does nothing for the same content, creates a first version, and replaces an unused one', () => {
    expect(must(decideCriteriaSetVersion(v1, []))).toEqual({ action: 'create', id: v1.id, version: 1 });
    expect(must(decideCriteriaSetVersion(v1, [{ set: v1, inUse: true }]))).toEqual({ action: 'no-op', id: v1.id, version: 1 });
    expect(must(decideCriteriaSetVersion(changed, [{ set: v1, inUse: false }]))).toEqual({ action: 'replace', id: v1.id, version: 1 });
  });

  it('requires a new version when content changes while the version is in use', () => {
    const r = decideCriteriaSetVersion(changed, [{ set: v1, inUse: true }]);
    expect(r.ok ? '' : `${r.error.code} ${r.error.path}`).toBe('CRITERIA.VERSION_IN_USE version');
    expect(r.ok ? {} : r.error.details).toMatchObject({ next: 2 });
    expect(must(decideCriteriaSetVersion({ ...changed, version: 2 }, [{ set: v1, inUse: true }]))).toEqual({
      action: 'create-version',
      id: v1.id,
      version: 2,
      previous: 1,
    });
  });

  it('refuses a version number below the latest, and notes a new version identical to an old one', () => {
    const stored = [
      { set: v1, inUse: true },
      { set: { ...changed, version: 3 }, inUse: false },
    ];
    const r = decideCriteriaSetVersion({ ...changed, version: 2 }, stored);
    expect(r.ok ? '' : r.error.code).toBe('CRITERIA.VERSION_NOT_NEWER');
    expect(must(decideCriteriaSetVersion({ ...v1, version: 4 }, stored))).toMatchObject({ action: 'create-version', sameContentAs: 1 });
  });
});
