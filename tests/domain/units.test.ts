import {
  ancestry,
  childrenOf,
  DIEN_BIEN_ALIASES,
  DIEN_BIEN_UNITS,
  displayName,
  findUnit,
  getPipelineConfig,
  loadPipelineConfig,
  loadUnits,
  matchUnit,
  matchUnitDetailed,
  nextLevel,
  normalizeUnitName,
  pipelineForDate,
  recognisingLevel,
  THREE_TIER_PIPELINE,
  unitNameKey,
  unitsAtLevel,
  type PipelineConfig,
  type Unit,
} from '../../domain/units';

const communes = unitsAtLevel(DIEN_BIEN_UNITS, 'commune');
const districts = unitsAtLevel(DIEN_BIEN_UNITS, 'district');

function code(r: ReturnType<typeof matchUnit>): string {
  return r.ok ? r.value.code : r.error.code;
}

describe('Điện Biên reference data', () => {
  it('has 10 district-level units and 115 communes, as seed 004 counts them', () => {
    expect(districts).toHaveLength(10);
    expect(communes).toHaveLength(115);
    expect(unitsAtLevel(DIEN_BIEN_UNITS, 'province').map((u) => u.code)).toEqual(['dien-bien']);
  });

  it('gives every commune a parent district', () => {
    for (const c of communes) {
      const parent = findUnit(DIEN_BIEN_UNITS, c.parentCode ?? '');
      expect([c.code, parent?.level]).toEqual([c.code, 'district']);
    }
  });

  it('has the commune counts per district that the seed appendix rows show', () => {
    const count = (slug: string) => childrenOf(DIEN_BIEN_UNITS, `dien-bien/${slug}`).length;
    expect({ tg: count('tuan-giao'), mc: count('muong-cha'), tc: count('tua-chua'), mn: count('muong-nhe'), db: count('dien-bien') }).toEqual({
      tg: 18,
      mc: 11,
      tc: 11,
      mn: 11,
      db: 21,
    });
  });

  it('names the district-level units as seed 004 does, with their kinds', () => {
    expect(districts.map(displayName).sort()).toEqual(
      [
        'Huyện Tuần Giáo',
        'Huyện Mường Chà',
        'Huyện Tủa Chùa',
        'Huyện Mường Nhé',
        'Huyện Điện Biên',
        'Huyện Mường Ảng',
        'Huyện Điện Biên Đông',
        'Huyện Nậm Pồ',
        'Thị xã Mường Lay',
        'Thành phố Điện Biên Phủ',
      ].sort(),
    );
  });

  it('spells communes as the seed does and keeps the official spelling beside it', () => {
    const pon = findUnit(DIEN_BIEN_UNITS, 'dien-bien/dien-bien/muong-pon')!;
    expect(pon.name).toBe('Mường Pồn');
    const paThon = findUnit(DIEN_BIEN_UNITS, 'dien-bien/dien-bien/pa-thon')!;
    expect([paThon.name, paThon.gsoName]).toEqual(['Pa Thon', 'Xã Pa Thơm']);
  });

  it('marks which communes come from the official list rather than the seeds', () => {
    expect(communes.filter((c) => c.nameSource === 'gso')).toHaveLength(32);
    expect(communes.every((c) => c.gsoCode && /^\d{5}$/.test(c.gsoCode))).toBe(true);
  });

  it('has unique codes and unique GSO codes', () => {
    expect(new Set(DIEN_BIEN_UNITS.map((u) => u.code)).size).toBe(DIEN_BIEN_UNITS.length);
    const gso = DIEN_BIEN_UNITS.flatMap((u) => (u.gsoCode ? [u.gsoCode] : []));
    expect(new Set(gso).size).toBe(gso.length);
  });

  it('never has two communes of one district that fold to the same name', () => {
    for (const d of districts) {
      const names = childrenOf(DIEN_BIEN_UNITS, d.code).map((c) => normalizeUnitName(c.name));
      expect([d.code, new Set(names).size]).toEqual([d.code, names.length]);
    }
  });

  it('places the province in the northern midlands and mountains region', () => {
    expect(findUnit(DIEN_BIEN_UNITS, 'dien-bien')!.region).toBe('trung-du-mien-nui-phia-bac');
  });

  it('walks a village up to its province', () => {
    expect(ancestry(DIEN_BIEN_UNITS, 'dien-bien/dien-bien/muong-pon/co-chay-1').map((u) => u.level)).toEqual(['village', 'commune', 'district', 'province']);
  });
});

describe('loadUnits', () => {
  const province: Unit = { code: 'dien-bien', level: 'province', name: 'Điện Biên', parentCode: null };
  const district: Unit = { code: 'dien-bien/tuan-giao', level: 'district', name: 'Tuần Giáo', parentCode: 'dien-bien' };

  it('refuses a commune whose parent does not exist, with its path', () => {
    const r = loadUnits([province, { code: 'dien-bien/x/quai-cang', level: 'commune', name: 'Quài Cang', parentCode: 'dien-bien/x' }]);
    expect(r.ok ? '' : `${r.error.code} ${r.error.path}`).toBe('UNIT.INVALID_DATA 1.parentCode');
  });

  it('refuses a commune attached directly to a province', () => {
    const r = loadUnits([province, { code: 'dien-bien/quai-cang', level: 'commune', name: 'Quài Cang', parentCode: 'dien-bien' }]);
    expect(r.ok ? '' : r.error.path).toBe('1.parentCode');
  });

  it('refuses a code that does not extend its parent code', () => {
    const r = loadUnits([province, district, { code: 'dien-bien/quai-cang', level: 'commune', name: 'Quài Cang', parentCode: 'dien-bien/tuan-giao' }]);
    expect(r.ok ? '' : r.error.path).toBe('2.code');
  });

  it('refuses a code that is not an ASCII slug', () => {
    const r = loadUnits([{ ...province, code: 'Điện Biên' }]);
    expect(r.ok ? '' : r.error.path).toBe('0.code');
  });
});

describe('normalizeUnitName', () => {
  it('ignores case, extra spaces and diacritics', () => {
    expect(normalizeUnitName('  MƯỜNG   Pồn ')).toBe('muong pon');
    expect(normalizeUnitName('Mường Pôn')).toBe(normalizeUnitName('Mường Pồn'));
    expect(normalizeUnitName('Điện Biên Đông')).toBe('dien bien dong');
  });

  it('strips administrative prefixes and their abbreviations', () => {
    expect(
      ['Xã Quài Cang', 'Huyện Tuần Giáo', 'Thị trấn Tuần Giáo', 'TT. Tuần Giáo', 'TX. Mường Lay', 'TP Điện Biên Phủ', 'Thị xã Mường Lay'].map(
        normalizeUnitName,
      ),
    ).toEqual(['quai cang', 'tuan giao', 'tuan giao', 'tuan giao', 'muong lay', 'dien bien phu', 'muong lay']);
  });

  it('does not strip "Xa" without its diacritic, because Xa Dung is a commune', () => {
    expect(normalizeUnitName('Xa Dung')).toBe('xa dung');
    expect(normalizeUnitName('Xã Xa Dung')).toBe('xa dung');
  });

  it('keeps diacritics in the exact key', () => {
    expect(unitNameKey('Xã Nà Tông')).toBe('nà tông');
    expect(unitNameKey('Na Tông')).not.toBe(unitNameKey('Nà Tông'));
  });

  it('treats composed and decomposed Unicode the same', () => {
    expect(unitNameKey('Quài Cang'.normalize('NFD'))).toBe(unitNameKey('Quài Cang'));
  });
});

describe('matchUnit', () => {
  it('finds a commune by its exact name with prefix', () => {
    expect(code(matchUnit('Xã Quài Cang', communes))).toBe('dien-bien/tuan-giao/quai-cang');
  });

  it('finds "Mường Pôn" (the appendix spelling) by folding to Mường Pồn', () => {
    const r = matchUnitDetailed('Mường Pôn', communes);
    expect(r.ok && [r.value.unit.code, r.value.tier]).toEqual(['dien-bien/dien-bien/muong-pon', 'folded']);
  });

  it('finds the appendix abbreviation "N. Luông" only through the alias table', () => {
    expect(code(matchUnit('N. Luông', communes))).toBe('UNIT.UNKNOWN');
    expect(code(matchUnit('N. Luông', communes, DIEN_BIEN_ALIASES))).toBe('dien-bien/dien-bien/noong-luong');
  });

  it('prefers the exact diacritic match over a folded one', () => {
    // "Nà Tông" (Tuần Giáo) and "Na Tông" (Điện Biên) fold to the same name.
    expect(code(matchUnit('Nà Tông', communes))).toBe('dien-bien/tuan-giao/na-tong');
    expect(code(matchUnit('Na Tông', communes))).toBe('dien-bien/dien-bien/na-tong');
  });

  it('refuses to choose when only a folded match exists for two units', () => {
    const r = matchUnit('Na Tong', communes);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('UNIT.AMBIGUOUS');
      expect((r.error.details!['candidates'] as { code: string }[]).map((c) => c.code).sort()).toEqual([
        'dien-bien/dien-bien/na-tong',
        'dien-bien/tuan-giao/na-tong',
      ]);
    }
  });

  it('resolves the folded clash once candidates are narrowed to one district', () => {
    expect(code(matchUnit('Na Tong', childrenOf(DIEN_BIEN_UNITS, 'dien-bien/tuan-giao')))).toBe('dien-bien/tuan-giao/na-tong');
  });

  it('says the province and the district named Điện Biên are ambiguous', () => {
    expect(code(matchUnit('Điện Biên', DIEN_BIEN_UNITS))).toBe('UNIT.AMBIGUOUS');
    expect(code(matchUnit('Huyện Điện Biên', districts))).toBe('dien-bien/dien-bien');
  });

  it('reports an unknown name as UNIT.UNKNOWN rather than the nearest unit', () => {
    expect(code(matchUnit('Quài Căng Mới', communes, DIEN_BIEN_ALIASES))).toBe('UNIT.UNKNOWN');
  });

  it('matches official spellings that differ from the seed through aliases', () => {
    expect(code(matchUnit('Tỏa Tình', communes, DIEN_BIEN_ALIASES))).toBe('dien-bien/tuan-giao/tua-tinh');
    expect(code(matchUnit('Xã Pa Thơm', communes, DIEN_BIEN_ALIASES))).toBe('dien-bien/dien-bien/pa-thon');
    expect(code(matchUnit('Xã Nhè', communes, DIEN_BIEN_ALIASES))).toBe('dien-bien/tua-chua/xa-nhe');
  });

  it('matches every commune by its own name within its district', () => {
    for (const c of communes) {
      expect(code(matchUnit(c.name, childrenOf(DIEN_BIEN_UNITS, c.parentCode!), DIEN_BIEN_ALIASES))).toBe(c.code);
    }
  });
});

describe('pipeline configuration', () => {
  const three = getPipelineConfig('three-tier');
  const two = getPipelineConfig('two-tier');
  const cfg = (r: typeof three): PipelineConfig => {
    if (!r.ok) throw new Error(r.error.messageEn);
    return r.value;
  };

  it('has commune titles recognised by the province in both organisations', () => {
    expect(recognisingLevel(cfg(three), 'commune.dat-chuan')).toEqual({ ok: true, value: 'province' });
    expect(recognisingLevel(cfg(two), 'commune.dat-chuan')).toEqual({ ok: true, value: 'province' });
  });

  it('sends a commune dossier to the district in three tiers and straight to the province in two', () => {
    expect(nextLevel(cfg(three), 'commune.dat-chuan', 'commune')).toEqual({ ok: true, value: 'district' });
    expect(nextLevel(cfg(two), 'commune.dat-chuan', 'commune')).toEqual({ ok: true, value: 'province' });
    expect(nextLevel(cfg(two), 'commune.dat-chuan', 'province')).toEqual({ ok: true, value: null });
  });

  it('has villages recognised by the district in three tiers and by the commune in two', () => {
    expect(recognisingLevel(cfg(three), 'village.dat-chuan')).toEqual({ ok: true, value: 'district' });
    expect(recognisingLevel(cfg(two), 'village.kieu-mau')).toEqual({ ok: true, value: 'commune' });
  });

  it('has no district title once districts are abolished', () => {
    const r = recognisingLevel(cfg(two), 'district.dat-chuan');
    expect(r.ok ? '' : r.error.code).toBe('PIPELINE.TITLE_NOT_CONFIGURED');
  });

  it('switches to two tiers on 1 July 2025', () => {
    expect(pipelineForDate('2025-06-30').ok && cfg(pipelineForDate('2025-06-30')).id).toBe('three-tier');
    expect(pipelineForDate('2025-07-01').ok && cfg(pipelineForDate('2025-07-01')).id).toBe('two-tier');
  });

  it('refuses a step at a level the configuration does not have', () => {
    const bad = JSON.parse(JSON.stringify(THREE_TIER_PIPELINE));
    bad.levels = ['commune', 'province', 'central'];
    const r = loadPipelineConfig(bad);
    expect(r.ok ? '' : `${r.error.code} ${r.error.path}`).toBe('PIPELINE.INVALID_CONFIG titles.0.steps.1.level');
  });

  it('refuses a dossier that moves down a level', () => {
    const bad = JSON.parse(JSON.stringify(THREE_TIER_PIPELINE));
    bad.titles[0].steps = [
      { level: 'commune', action: 'self-assessment' },
      { level: 'province', action: 'review' },
      { level: 'district', action: 'recognition' },
    ];
    const r = loadPipelineConfig(bad);
    expect(r.ok ? '' : r.error.path).toBe('titles.0.steps.2.level');
  });

  it('refuses a title without a final recognition', () => {
    const bad = JSON.parse(JSON.stringify(THREE_TIER_PIPELINE));
    bad.titles[0].steps = [
      { level: 'commune', action: 'self-assessment' },
      { level: 'district', action: 'review' },
    ];
    const r = loadPipelineConfig(bad);
    expect(r.ok ? '' : r.error.path).toBe('titles.0.steps');
  });

  it('refuses an unknown title id', () => {
    const bad = JSON.parse(JSON.stringify(THREE_TIER_PIPELINE));
    bad.titles[0].title = 'commune.xuat-sac';
    const r = loadPipelineConfig(bad);
    expect(r.ok ? '' : r.error.path).toBe('titles.0.title');
  });
});
