import { parseCsv, parseLevel, validateUnitsSheet } from '../../domain/import';
import { DIEN_BIEN_UNITS, type Unit } from '../../domain/units';

function run(text: string, existing: readonly Unit[] = []) {
  const recs = parseCsv(text);
  if (!recs.ok) throw new Error(recs.error.messageEn);
  const r = validateUnitsSheet({ records: recs.value, existing });
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

describe('units sheet', () => {
  it('reads levels in English or Vietnamese, with or without diacritics', () => {
    expect(['province', 'Tỉnh', 'huyen', 'Xã', 'xa', 'thôn', 'Bản', 'village'].map(parseLevel)).toEqual([
      'province',
      'province',
      'district',
      'commune',
      'commune',
      'village',
      'village',
      'village',
    ]);
    expect(parseLevel('phường')).toBeUndefined();
  });

  it('builds a province, a district, a commune and a village, deriving codes and finding parents by name', () => {
    const s = run(
      ['level,name,parent', 'tỉnh,Lai Châu,', 'huyện,Tam Đường,Lai Châu', 'xã,Bản Bo,Tam Đường', 'bản,Bản Nà Khum,lai-chau/tam-duong/ban-bo'].join('\n'),
    );
    expect(s.rejected).toEqual([]);
    expect(s.accepted.map((a) => [a.unit.code, a.unit.level, a.unit.parentCode, a.change])).toEqual([
      ['lai-chau', 'province', null, 'create'],
      ['lai-chau/tam-duong', 'district', 'lai-chau', 'create'],
      ['lai-chau/tam-duong/ban-bo', 'commune', 'lai-chau/tam-duong', 'create'],
      ['lai-chau/tam-duong/ban-bo/ban-na-khum', 'village', 'lai-chau/tam-duong/ban-bo', 'create'],
    ]);
  });

  it('changes nothing for units that already exist as written, and renames on a new spelling', () => {
    const s = run(
      [
        'level,code,name,parent',
        'commune,dien-bien/tuan-giao/quai-cang,Quài Cang,dien-bien/tuan-giao',
        'commune,dien-bien/dien-bien/thanh-nua,Thanh Nưa,Điện Biên',
      ].join('\n'),
      DIEN_BIEN_UNITS,
    );
    expect(s.accepted.map((a) => a.change)).toEqual(['unchanged', 'rename']);
  });

  it('refuses a unit whose parent is unknown, a province with a parent, and a code moved to another parent', () => {
    const s = run(
      [
        'level,code,name,parent',
        'commune,,Xã Mới,Huyện Không Có',
        'province,,Sơn La,Điện Biên',
        'commune,dien-bien/tuan-giao/quai-cang,Quài Cang,dien-bien/muong-cha',
      ].join('\n'),
      DIEN_BIEN_UNITS,
    );
    expect(s.accepted).toEqual([]);
    expect(s.rejected.map((r) => [r.line, r.faults[0]!.code, r.faults[0]!.column])).toEqual([
      [2, 'IMPORT.UNKNOWN_UNIT', 'parent'],
      [3, 'IMPORT.BAD_VALUE', 'parent'],
      [4, 'IMPORT.BAD_VALUE', 'code'],
    ]);
  });

  it('refuses the same code twice in one file', () => {
    const s = run(['level,name,parent', 'province,Lai Châu,', 'province,Lai  Châu,'].join('\n'));
    expect(s.rejected).toEqual([expect.objectContaining({ line: 3, faults: [expect.objectContaining({ code: 'IMPORT.DUPLICATE_UNIT' })] })]);
  });
});
