/**
 * Issue 13: imports and dossiers disagree — the precedence decides, every mark says where it came from,
 * and an as-of report before and after a decision differs exactly by that decision's marks.
 */
import { applyEvent, startDossier, type Command, type DossierEvent, type DossierState } from '../../domain/dossier';
import { describeOrigin, diffMarks, dossierMarks, marksWithOrigins, pickMark, type MarkRow } from '../../domain/reports';
import { actors, cmd, COMMUNE, ev, smallInput } from '../support/dossier-fixtures';

const row = (o: Partial<MarkRow> & Pick<MarkRow, 'met' | 'asOf'>): MarkRow => ({ unitCode: COMMUNE, criterion: '17', ...o });

describe('precedence of criteria marks', () => {
  it('a verdict beats a self-assessment, whatever their dates', () => {
    const self = row({ met: true, asOf: '2024-09-10', source: 'self_assessment', level: 'commune' });
    const verdict = row({ met: false, asOf: '2024-09-05', source: 'verdict', level: 'district' });
    expect(pickMark([self, verdict])).toBe(verdict);
  });
  it('a province verdict beats a district one; a decision beats both', () => {
    const d = row({ met: false, asOf: '2024-10-01', source: 'verdict', level: 'district' });
    const p = row({ met: true, asOf: '2024-09-01', source: 'verdict', level: 'province' });
    const dec = row({ met: true, asOf: '2024-08-01', source: 'decision', level: 'province', document: '1234/QĐ-UBND' });
    expect(pickMark([d, p])).toBe(p);
    expect(pickMark([d, p, dec])).toBe(dec);
  });
  it('an older or same-day import gives way to the dossier; a newer import wins', () => {
    const self = row({ met: true, asOf: '2024-09-10', source: 'self_assessment' });
    const older = row({ met: false, asOf: '2023-12-31', batchId: 'b1' });
    const same = row({ met: false, asOf: '2024-09-10', batchId: 'b2' });
    const newer = row({ met: false, asOf: '2025-06-30', batchId: 'b3' });
    expect(pickMark([older, self])).toBe(self);
    expect(pickMark([same, self])).toBe(self);
    expect(pickMark([older, self, newer])).toBe(newer);
  });
  it('within a kind the latest date wins; rows after the as-of date are ignored', () => {
    const a = row({ met: false, asOf: '2024-01-01', source: 'self_assessment' });
    const b = row({ met: true, asOf: '2024-02-01', source: 'self_assessment' });
    expect(pickMark([a, b])).toBe(b);
    const r = marksWithOrigins([a, b], '2024-01-15');
    expect(r.marks[COMMUNE]!['17']).toBe(false);
    expect(r.origins[COMMUNE]!['17']).toEqual({ source: 'self_assessment', asOf: '2024-01-01' });
  });
  it('says where a mark came from', () => {
    expect(describeOrigin({ source: 'import', asOf: '2023-12-31', batchId: 'b1' })).toBe('Nhập từ bảng số liệu ngày 31/12/2023 (lô b1)');
    expect(
      describeOrigin({ source: 'decision', asOf: '2024-11-29', dossierId: 'd1', document: '1234/QĐ-UBND', personName: 'Chủ tịch', role: 'provincial_chair' }),
    ).toBe('Quyết định 1234/QĐ-UBND ngày 29/11/2024 (hồ sơ d1; Chủ tịch, provincial_chair)');
  });
});

describe('dossier results as marks', () => {
  const start = (): DossierState => {
    const r = startDossier(smallInput());
    if (!r.ok) throw new Error(r.error.messageEn);
    return r.value;
  };
  /** Runs the events, collecting the marks each writes (as the projection does). */
  function drive(events: DossierEvent[]): { state: DossierState; rows: MarkRow[] } {
    let s = start();
    const rows: MarkRow[] = [];
    for (const e of events) {
      const r = applyEvent(s, e);
      if (!r.ok) throw new Error(`${e.type}: ${r.error.code}`);
      s = r.value;
      rows.push(...dossierMarks(e, s));
    }
    return { state: s, rows };
  }
  const at = (d: string) => `${d}T03:00:00.000Z`;
  const toDecision: DossierEvent[] = [
    ev(cmd.assess('1'), actors.commune, at('2024-08-20')),
    ev(cmd.assess('2'), actors.commune, at('2024-08-20')),
    ev(cmd.assess('17', false), actors.commune, at('2024-08-20')),
    ev(cmd.consult(), actors.commune, at('2024-08-21')),
    ev(cmd.submit(), actors.commune, at('2024-08-22')),
    ev(cmd.review('1'), actors.kthh, at('2024-09-10')),
    ev(cmd.review('2'), actors.kthh, at('2024-09-10')),
    ev(cmd.review('17'), actors.tnmt, at('2024-09-11')),
    ev(cmd.verified(true), actors.system, at('2024-09-11')),
    ev(cmd.approve(), actors.districtOffice, at('2024-09-12')),
    ev(cmd.forward(), actors.districtOffice, at('2024-09-13')),
    ev(cmd.verified(true), actors.system, at('2024-10-01')),
    ev(cmd.approve(), actors.provinceOffice, at('2024-10-02')),
    ev(cmd.vote(), actors.provinceOffice, at('2024-11-20')),
    ev(cmd.draft(), actors.provinceOffice, at('2024-11-25')),
  ];
  const decide = ev(cmd.decide(), actors.provinceChair, at('2024-11-29'));

  it('dates a decision entered later by the date it bears, never by a date after it was recorded', () => {
    const late = drive([...toDecision, ev(cmd.decide(), actors.provinceChair, at('2026-12-02'))]).rows.filter((r) => r.source === 'decision');
    expect(late.map((r) => r.asOf)).toEqual(['2024-11-29', '2024-11-29', '2024-11-29']);
    const future = drive([...toDecision, ev({ ...cmd.decide(), date: '2024-12-15' } as Command, actors.provinceChair, at('2024-11-29'))]).rows.filter(
      (r) => r.source === 'decision',
    );
    expect(future.map((r) => r.asOf)).toEqual(['2024-11-29', '2024-11-29', '2024-11-29']);
  });

  it('writes self-assessments, verdicts per level and the decision, with provenance', () => {
    const { rows } = drive([...toDecision, decide]);
    expect(rows.filter((r) => r.source === 'self_assessment')).toHaveLength(3);
    expect(rows.filter((r) => r.source === 'verdict').map((r) => r.level)).toEqual(['district', 'district', 'district', 'province', 'province', 'province']);
    const decision = rows.filter((r) => r.source === 'decision');
    expect(decision).toHaveLength(3);
    expect(decision[0]).toMatchObject({
      dossierId: 'dossier-test-1',
      level: 'province',
      personId: 'u-ct-tinh',
      role: 'provincial_chair',
      asOf: '2024-11-29',
      met: true,
    });
    expect(decision[0]!.document).toContain('1358/QĐ-UBND');
    // The district specialist who reviewed criterion 17 is the verdict's person.
    expect(rows.find((r) => r.source === 'verdict' && r.criterion === '17' && r.level === 'district')).toMatchObject({
      personId: 'u-tnmt',
      role: 'district_specialist',
    });
  });

  it('beats an older import that disagrees, and an as-of report before/after the decision differs by its marks only', () => {
    const imported: MarkRow[] = ['1', '2', '17'].map((c) => ({ unitCode: COMMUNE, criterion: c, met: false, asOf: '2023-12-31', batchId: 'b-2023' }));
    const before = drive(toDecision).rows;
    const after = drive([...toDecision, decide]).rows;
    // Self-assessment said 17 not met; the district verdict says met: the verdict stands over the import.
    const early = marksWithOrigins([...imported, ...before], '2024-08-31');
    expect(early.marks[COMMUNE]).toEqual({ '1': true, '2': true, '17': false });
    expect(early.origins[COMMUNE]!['17']!.source).toBe('self_assessment');
    const mid = marksWithOrigins([...imported, ...before], '2024-11-28');
    expect(mid.marks[COMMUNE]).toEqual({ '1': true, '2': true, '17': true });
    expect(mid.origins[COMMUNE]!['17']).toMatchObject({ source: 'verdict', level: 'province' });
    const end = marksWithOrigins([...imported, ...after], '2024-11-29');
    expect(diffMarks(mid.marks, end.marks)).toEqual([]);
    const changedOrigins = Object.entries(end.origins[COMMUNE]!).filter(([c, o]) => o.source !== mid.origins[COMMUNE]![c]!.source);
    expect(changedOrigins.map(([c, o]) => [c, o.source])).toEqual([
      ['1', 'decision'],
      ['2', 'decision'],
      ['17', 'decision'],
    ]);
    // A newer import (2025) wins again: newer data from the field.
    const later = marksWithOrigins(
      [...imported, ...after, { unitCode: COMMUNE, criterion: '17', met: false, asOf: '2025-06-30', batchId: 'b-2025' }],
      '2025-12-31',
    );
    expect(later.marks[COMMUNE]!['17']).toBe(false);
    expect(later.origins[COMMUNE]!['17']).toEqual({ source: 'import', asOf: '2025-06-30', batchId: 'b-2025' });
  });
});
