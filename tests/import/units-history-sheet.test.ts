import { parseCsv, validateUnitsHistorySheet } from '../../domain/import';
import { DIEN_BIEN_HISTORY_ALIASES, DIEN_BIEN_UNITS, predecessorsOf, type Unit } from '../../domain/units';

function run(text: string, existing: readonly Unit[] = DIEN_BIEN_UNITS) {
  const recs = parseCsv(text);
  if (!recs.ok) throw new Error(recs.error.messageEn);
  const r = validateUnitsHistorySheet({ records: recs.value, existing, aliases: DIEN_BIEN_HISTORY_ALIASES });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.messageEn}`);
  return r.value;
}
const faultsOf = (s: ReturnType<typeof run>) => s.rejected.flatMap((r) => r.faults.map((f) => `${f.code} ${f.line}:${f.column}`));
const HEAD = 'level,code,name,parent,validFrom,validTo,predecessors,source';
const SRC = 'NQ 1661/NQ-UBTVQH15';

describe('unit list import with succession', () => {
  it('creates new communes under the province from 1/7/2025 with predecessors by name or code', () => {
    const s = run(
      [
        HEAD,
        `commune,dien-bien/xa-muong-nhe,Mường Nhé,Điện Biên,2025-07-01,,"Mường Nhé; Nậm Vì; dien-bien/muong-nhe/chung-chai",${SRC}`,
        `phường,,Mường Thanh,dien-bien,01/07/2025,,,${SRC}`,
      ].join('\n'),
    );
    expect(faultsOf(s)).toEqual([]);
    expect(s.accepted.map((a) => [a.line, a.unit.code, a.change])).toEqual([
      [2, 'dien-bien/xa-muong-nhe', 'create'],
      [3, 'dien-bien/muong-thanh', 'create'],
    ]);
    expect(s.accepted[1]!.unit).toMatchObject({ kind: 'phuong', parentCode: 'dien-bien', validFrom: '2025-07-01' });
    const unit = s.accepted[0]!.unit;
    expect(unit.predecessors).toEqual([
      { code: 'dien-bien/muong-nhe/muong-nhe', source: SRC },
      { code: 'dien-bien/muong-nhe/nam-vi', source: SRC },
      { code: 'dien-bien/muong-nhe/chung-chai', source: SRC },
    ]);
    expect(predecessorsOf([...DIEN_BIEN_UNITS, unit], unit.code)).toHaveLength(3);
  });

  it('closes old units (validTo) as an update of the same version', () => {
    const s = run([HEAD, 'district,dien-bien/tuan-giao,Tuần Giáo,dien-bien,,2025-06-30,,'].join('\n'));
    expect(s.accepted.map((a) => a.change)).toEqual(['unchanged']);
    const noEnd = DIEN_BIEN_UNITS.map((u) => (u.code === 'dien-bien/tuan-giao' ? { ...u, validTo: undefined } : u));
    const s2 = run([HEAD, `district,dien-bien/tuan-giao,Tuần Giáo,dien-bien,,2025-06-30,,${SRC}`].join('\n'), noEnd);
    expect(s2.accepted.map((a) => [a.change, a.unit.validTo])).toEqual([['update', '2025-06-30']]);
  });

  it('names line and column of each fault, in Vietnamese and English', () => {
    const s = run(
      [
        HEAD,
        `commune,,Mới A,dien-bien,2025-07-01,2025-06-01,,${SRC}`,
        'commune,,Mới B,dien-bien,2025-07-01,,Mường Nhé,',
        `commune,,Mới C,dien-bien,2025-07-01,,Không Có Xã Này,${SRC}`,
        `commune,,Mới D,dien-bien,2025-06-01,,,${SRC}`,
        `commune,,Mới E,dien-bien,32/13/2025,,,${SRC}`,
        `commune,,Mới F,dien-bien,2025-07-01,,Na Tong,${SRC}`,
      ].join('\n'),
    );
    expect(faultsOf(s)).toEqual([
      'IMPORT.BAD_PERIOD 2:validTo',
      'IMPORT.MISSING_SOURCE 3:source',
      'IMPORT.UNKNOWN_UNIT 4:predecessors',
      'IMPORT.UNKNOWN_UNIT 5:parent',
      'IMPORT.BAD_VALUE 6:validFrom',
      'IMPORT.AMBIGUOUS_UNIT 7:predecessors',
    ]);
    const f = s.rejected[0]!.faults[0]!;
    expect([f.messageVi, f.messageEn]).toEqual([
      'Dòng 2, cột validTo: ngày hết hiệu lực 2025-06-01 trước ngày có hiệu lực 2025-07-01',
      'Line 2, column validTo: validTo 2025-06-01 is before validFrom 2025-07-01',
    ]);
  });

  it('refuses a link to a unit not yet known and a code valid twice at once, keeping the other rows', () => {
    const s = run(
      [
        HEAD,
        `commune,dien-bien/x-a,A,dien-bien,2025-07-01,,dien-bien/x-b,${SRC}`,
        `commune,dien-bien/x-b,B,dien-bien,2025-07-01,,dien-bien/x-a,${SRC}`,
        `commune,dien-bien/x-c,C,dien-bien,2025-07-01,,,${SRC}`,
        `commune,dien-bien/x-c,C mới,dien-bien,2026-01-01,,,${SRC}`,
      ].join('\n'),
    );
    // A names B before B is read, so A is refused; B then names a unit that was refused.
    expect(faultsOf(s)).toEqual(['IMPORT.UNKNOWN_UNIT 2:predecessors', 'IMPORT.UNKNOWN_UNIT 3:predecessors', 'IMPORT.DUPLICATE_UNIT 5:code']);
    expect(s.accepted.map((a) => a.line)).toEqual([4]);
  });

  it('accepts a renamed unit as a new version of its code when the periods do not overlap', () => {
    const s = run(
      [
        HEAD,
        `commune,dien-bien/xa-z,Z,dien-bien,2025-07-01,2025-12-31,,${SRC}`,
        `commune,dien-bien/xa-z,Z mới,dien-bien,2026-01-01,,dien-bien/xa-z,${SRC}`,
      ].join('\n'),
    );
    // The second names the first as predecessor: same code, so it is a cycle in the graph of codes.
    expect(faultsOf(s)).toEqual(['UNIT.SUCCESSION_CYCLE 3:predecessors']);
    const s2 = run(
      [HEAD, `commune,dien-bien/xa-z,Z,dien-bien,2025-07-01,2025-12-31,,${SRC}`, `commune,dien-bien/xa-z,Z mới,dien-bien,2026-01-01,,,${SRC}`].join('\n'),
    );
    expect(s2.accepted.map((a) => a.change)).toEqual(['create', 'new-version']);
  });

  it('refuses an unknown column in the header', () => {
    const recs = parseCsv('level,name,parent,colour');
    const r = recs.ok ? validateUnitsHistorySheet({ records: recs.value, existing: DIEN_BIEN_UNITS }) : recs;
    expect(r.ok ? '' : `${r.error.code} ${r.error.path}`).toBe('IMPORT.BAD_HEADER line 1, column 4');
  });
});
