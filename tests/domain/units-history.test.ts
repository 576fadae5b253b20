import {
  DIEN_BIEN_HISTORY_ALIASES,
  DIEN_BIEN_UNIT_HISTORY,
  DIEN_BIEN_UNITS,
  DIEN_BIEN_UNITS_2025,
  displayName,
  findUnit,
  loadUnits,
  matchUnit,
  matchUnitAt,
  predecessorsOf,
  successorsOf,
  unitsAt,
  unitsAtLevel,
  type Unit,
} from '../../domain/units';

const H = DIEN_BIEN_UNIT_HISTORY;

describe('Điện Biên in time', () => {
  it('has 45 commune-level units from 1/7/2025, 42 xã and 3 phường, all under the province', () => {
    const communes = unitsAtLevel(DIEN_BIEN_UNITS_2025, 'commune');
    expect(communes).toHaveLength(45);
    expect(
      communes
        .filter((u) => u.kind === 'phuong')
        .map(displayName)
        .sort((a, b) => a.localeCompare(b, 'vi')),
    ).toEqual(['Phường Điện Biên Phủ', 'Phường Mường Lay', 'Phường Mường Thanh']);
    expect(communes.filter((u) => u.kind === 'xa')).toHaveLength(42);
    expect(communes.every((u) => u.parentCode === 'dien-bien' && u.validFrom === '2025-07-01' && u.validTo === undefined)).toBe(true);
    expect(new Set(communes.map((u) => u.gsoCode)).size).toBe(45);
  });

  it('keeps GSO codes and names exactly as reform-2025.md lists them', () => {
    const byGso = (g: string) => DIEN_BIEN_UNITS_2025.find((u) => u.gsoCode === g);
    expect([byGso('03127')?.gsoName, byGso('03160')?.gsoName, byGso('03385')?.gsoName, byGso('03244')?.name]).toEqual([
      'Phường Điện Biên Phủ',
      'Xã Mường Nhé',
      'Xã Tìa Dình',
      'Sáng Nhè',
    ]);
  });

  it('gives the units of a day: 10 districts and 115 communes in 2024, 45 communes and no district in 2026', () => {
    const y2024 = unitsAt(H, '2024-12-31');
    const y2026 = unitsAt(H, '2026-03-01');
    expect([unitsAtLevel(y2024, 'district').length, unitsAtLevel(y2024, 'commune').length]).toEqual([10, 115]);
    expect([unitsAtLevel(y2026, 'district').length, unitsAtLevel(y2026, 'commune').length, unitsAtLevel(y2026, 'village').length]).toEqual([0, 45, 0]);
    expect(unitsAt(H, '2025-06-30').some((u) => u.code === 'dien-bien/tuan-giao')).toBe(true);
    expect(unitsAt(H, '2025-07-01').some((u) => u.code === 'dien-bien/tuan-giao')).toBe(false);
    expect(
      unitsAt(H, '2025-07-01')
        .map((u) => u.code)
        .sort(),
    ).toEqual(DIEN_BIEN_UNITS_2025.map((u) => u.code).sort());
  });

  it('marks every pre-reform unit (but the province) valid until 30/6/2025, and keeps the old list as it was', () => {
    expect(DIEN_BIEN_UNITS.filter((u) => u.level !== 'province').every((u) => u.validTo === '2025-06-30' && u.validitySource)).toBe(true);
    expect(findUnit(DIEN_BIEN_UNITS, 'dien-bien')!.validTo).toBeUndefined();
    expect(H.length).toBe(DIEN_BIEN_UNITS.length + 45);
  });

  it('links the six compositions the Ministry of Home Affairs page gives, each with its source, and no other', () => {
    const linked = H.filter((u) => u.predecessors && u.predecessors.length > 0);
    const compositions = Object.fromEntries(linked.map((u) => [u.name, u.predecessors!.map((l) => findUnit(H, l.code)!.name)]));
    expect(compositions).toEqual({
      'Mường Nhé': ['Mường Nhé', 'Nậm Vi', 'Chung Chải'],
      'Sín Thầu': ['Sín Thầu', 'Sen Thượng', 'Leng Su Sìn'],
      'Mường Toong': ['Mường Toong', 'Huổi Lếch'],
      'Nậm Kè': ['Nậm Kè', 'Pá Mý'],
      'Quảng Lâm': ['Quảng Lâm', 'Na Cô Sa'],
      'Nà Hỳ': ['Nà Hỳ', 'Nà Khoa', 'Nậm Nhừ', 'Nậm Chua'],
    });
    expect(linked.every((u) => u.predecessorsComplete === true && u.predecessors!.every((l) => l.source.includes('1661')))).toBe(true);
    // Linked old units are all communes valid until the reform.
    for (const u of linked) for (const l of u.predecessors!) expect(findUnit(H, l.code)).toMatchObject({ level: 'commune', validTo: '2025-06-30' });
  });

  it('answers a new commune’s history and an old commune’s successor; unknown stays unknown', () => {
    expect(predecessorsOf(H, 'dien-bien/xa-na-hy').map((e) => [e.unit.code, e.depth])).toEqual([
      ['dien-bien/nam-po/na-hy', 1],
      ['dien-bien/nam-po/na-khoa', 1],
      ['dien-bien/nam-po/nam-nhu', 1],
      ['dien-bien/nam-po/nam-chua', 1],
    ]);
    expect(successorsOf(H, 'dien-bien/muong-nhe/nam-vi').map((e) => e.unit.code)).toEqual(['dien-bien/xa-muong-nhe']);
    expect(successorsOf(H, 'dien-bien/tuan-giao/quai-cang')).toEqual([]);
    expect(predecessorsOf(H, 'dien-bien/xa-tuan-giao')).toEqual([]);
  });

  it('matches a name for a date, preferring units valid on it', () => {
    const r2026 = matchUnitAt('Xã Mường Nhé', H, '2026-01-01', DIEN_BIEN_HISTORY_ALIASES);
    expect(r2026.ok && [r2026.value.unit.code, r2026.value.validAtDate]).toEqual(['dien-bien/xa-muong-nhe', true]);
    const communes2021 = H.filter((u) => u.level === 'commune');
    const r2021 = matchUnitAt('Mường Nhé', communes2021, '2021-06-15');
    expect(r2021.ok && r2021.value.unit.code).toBe('dien-bien/muong-nhe/muong-nhe');
    // Without a date both communes named Mường Nhé match: the old API refuses to choose.
    expect(matchUnit('Mường Nhé', communes2021).ok).toBe(false);
    // A name only an abolished unit had is still found, flagged.
    const old = matchUnitAt('Quài Cang', communes2021, '2026-01-01');
    expect(old.ok && [old.value.unit.code, old.value.validAtDate]).toEqual(['dien-bien/tuan-giao/quai-cang', false]);
    expect(matchUnitAt('Sáng Nhè', communes2021, '2026-01-01').ok && 'x').toBe('x');
    const sn = matchUnitAt('Sáng Nhè', communes2021, '2026-01-01', DIEN_BIEN_HISTORY_ALIASES);
    expect(sn.ok && sn.value.unit.code).toBe('dien-bien/xa-sang-nhe');
    const sn21 = matchUnitAt('Sáng Nhè', communes2021, '2021-01-01', DIEN_BIEN_HISTORY_ALIASES);
    expect(sn21.ok && sn21.value.unit.code).toBe('dien-bien/tua-chua/xa-nhe');
  });
});

describe('loadUnits: validity and succession', () => {
  const province: Unit = { code: 'p', level: 'province', name: 'P', parentCode: null };
  const oldA: Unit = { code: 'p/d/a', level: 'commune', name: 'A', parentCode: 'p/d', validTo: '2025-06-30' };
  const district: Unit = { code: 'p/d', level: 'district', name: 'D', parentCode: 'p', validTo: '2025-06-30' };
  const fault = (list: unknown[]) => {
    const r = loadUnits(list);
    return r.ok ? 'ok' : `${r.error.code} ${r.error.path}`;
  };

  it('accepts a commune under the province from the two-tier date, and refuses it before', () => {
    expect(fault([province, { code: 'p/n', level: 'commune', name: 'N', parentCode: 'p', validFrom: '2025-07-01' }])).toBe('ok');
    expect(fault([province, { code: 'p/n', level: 'commune', name: 'N', parentCode: 'p', validFrom: '2025-06-30' }])).toBe('UNIT.INVALID_DATA 1.parentCode');
  });

  it('refuses validTo before validFrom', () => {
    expect(fault([province, district, { ...oldA, validFrom: '2025-07-01' }])).toBe('UNIT.INVALID_PERIOD 2.validTo');
  });

  it('allows one code in successive versions and refuses overlapping ones', () => {
    const renamed = { ...oldA, name: 'A mới', validFrom: '2024-01-01', validTo: '2025-06-30' };
    expect(fault([province, district, { ...oldA, validTo: '2023-12-31' }, renamed])).toBe('ok');
    const r = loadUnits([province, district, { ...oldA, validTo: '2024-01-01' }, renamed]);
    expect(r.ok ? '' : `${r.error.code} ${r.error.path}`).toBe('UNIT.OVERLAPPING_VERSIONS 3.code');
    expect(r.ok ? '' : r.error.messageVi).toContain('mục 2');
    expect(r.ok ? '' : r.error.messageEn).toContain('item 2');
  });

  it('refuses a link to an unknown unit, naming the link', () => {
    const n = {
      code: 'p/n',
      level: 'commune',
      name: 'N',
      parentCode: 'p',
      validFrom: '2025-07-01',
      predecessors: [
        { code: 'p/d/a', source: 's' },
        { code: 'p/zz', source: 's' },
      ],
    };
    expect(fault([province, district, oldA, n])).toBe('UNIT.UNKNOWN_LINK 3.predecessors.1.code');
  });

  it('refuses a link without a source', () => {
    const n = { code: 'p/n', level: 'commune', name: 'N', parentCode: 'p', validFrom: '2025-07-01', predecessors: [{ code: 'p/d/a' }] };
    expect(fault([province, district, oldA, n])).toBe('UNIT.INVALID_DATA 3.predecessors.0.source');
  });

  it('refuses a predecessor that begins after its successor, but allows one that continues after a split', () => {
    const n = { code: 'p/n', level: 'commune', name: 'N', parentCode: 'p', validFrom: '2025-07-01', predecessors: [{ code: 'p/d/a', source: 's' }] };
    const d = { ...district, validTo: undefined };
    expect(fault([province, d, { ...oldA, validTo: undefined }, n])).toBe('ok');
    expect(fault([province, d, { ...oldA, validFrom: '2025-07-01', validTo: undefined }, n])).toBe('UNIT.INVALID_SUCCESSION 3.predecessors.0.code');
  });

  it('refuses a cycle in succession, with the cycle', () => {
    const a = { code: 'p/d/a', level: 'commune', name: 'A', parentCode: 'p/d', predecessors: [{ code: 'p/d/c', source: 's' }] };
    const b = { code: 'p/d/b', level: 'commune', name: 'B', parentCode: 'p/d', predecessors: [{ code: 'p/d/a', source: 's' }] };
    const c = { code: 'p/d/c', level: 'commune', name: 'C', parentCode: 'p/d', predecessors: [{ code: 'p/d/b', source: 's' }] };
    const r = loadUnits([province, { ...district, validTo: undefined }, a, b, c]);
    expect(r.ok ? '' : r.error.code).toBe('UNIT.SUCCESSION_CYCLE');
    expect(r.ok ? '' : r.error.path).toMatch(/^\d\.predecessors\.0\.code$/);
    expect(r.ok ? [] : (r.error.details!['cycle'] as string[]).length).toBe(4);
    expect(fault([province, { ...district, validTo: undefined }, { ...a, predecessors: [{ code: 'p/d/a', source: 's' }] }])).toBe(
      'UNIT.SUCCESSION_CYCLE 2.predecessors.0.code',
    );
  });

  it('refuses a child that begins when no version of its parent is valid', () => {
    expect(fault([province, district, { code: 'p/d/x', level: 'commune', name: 'X', parentCode: 'p/d', validFrom: '2025-08-01' }])).toBe(
      'UNIT.PARENT_NOT_VALID 2.parentCode',
    );
  });

  it('refuses one GSO code on two units at once', () => {
    expect(fault([province, { ...district, gsoCode: '099' }, { ...oldA, gsoCode: '099' }])).toBe('UNIT.OVERLAPPING_GSO_CODE 2.gsoCode');
  });
});
