import { z } from 'zod';
import { DepartmentCodeSchema, findDepartment, type DepartmentCode } from '../departments';
import { domainError, err, formatError, InvariantError, ok, type DomainError, type Result } from '../errors';
import { parseWith } from '../validation';
import { loadCriteriaSet } from './loader';
import { CriterionCodeSchema, IndicatorCodeSchema, type CriteriaSet } from './schema';
import { TUAN_GIAO_2021_OWNERSHIP } from './sets/national-commune-19';
import { COMMUNE_2026_2030_TWO_TIER_OWNERS } from './sets/commune-ntm-2026-2030';

/**
 * Who reviews which criterion, as data per province and period: the criterion-ownership table.
 *
 * Three-tier (until 30/6/2025): district departments, as seed 000 (Tuần Giáo, 2021) assigns them —
 * the owners written in the 19-criteria sets. Two-tier (from 1/7/2025): the province's departments
 * (sở, ngành) review. NO SOURCE says which sở owns which criterion, so the built-in two-tier tables
 * are `sourced: false`, an assignment by each department's remit that a province replaces with its
 * own (a table with its `province` code takes precedence over the default).
 *
 * A table either lists owners per criterion (`entries`) or translates the departments the set names
 * (`departmentMap`, e.g. Phòng Tài nguyên và Môi trường → Sở Nông nghiệp và Môi trường), or both
 * (entries win). `applyOwnership` rewrites a set's owners, supporting departments and indicator
 * owners and validates the result as any set.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng yyyy-mm-dd / date as yyyy-mm-dd');

export const OwnershipEntrySchema = z
  .object({
    criterion: CriterionCodeSchema,
    owners: z.array(DepartmentCodeSchema).min(1),
    supporting: z.array(DepartmentCodeSchema).default([]),
    /** Indicator code → the department reviewing it (must be among the owners). */
    indicators: z.record(IndicatorCodeSchema, DepartmentCodeSchema).optional(),
    note: z.string().optional(),
  })
  .strict();
export type OwnershipEntry = z.infer<typeof OwnershipEntrySchema>;

export const OwnershipTableSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    /** The level whose departments review: district (three-tier) or province (two-tier). */
    level: z.enum(['district', 'province']),
    /** Province code when a province configured it; absent = the default for every province. */
    province: z.string().min(1).optional(),
    effectiveFrom: isoDate.optional(),
    effectiveUntil: isoDate.optional(),
    /** Criteria set ids the table applies to. */
    sets: z.array(z.string().min(1)).min(1),
    entries: z.array(OwnershipEntrySchema).default([]),
    departmentMap: z.partialRecord(DepartmentCodeSchema, DepartmentCodeSchema).optional(),
    sourced: z.boolean(),
    source: z.string().min(1).optional(),
    note: z.string().optional(),
  })
  .strict();
export type OwnershipTable = z.infer<typeof OwnershipTableSchema>;
export type OwnershipTableInput = z.input<typeof OwnershipTableSchema>;

function invalid(path: string, vi: string, en: string, details?: Record<string, unknown>): DomainError {
  return domainError(
    'OWNERSHIP.INVALID_TABLE',
    `Bảng phân công tiêu chí không hợp lệ tại "${path}": ${vi}`,
    `Invalid criterion-ownership table at "${path}": ${en}`,
    {
      path,
      ...(details ? { details } : {}),
    },
  );
}

/**
 * Validates a table on its own: sourced ⇒ source; period in order; each criterion once; every
 * department of the table's level (no district phòng in a provincial table); indicator owners among
 * the criterion's owners; no department both owner and supporting.
 */
export function loadOwnershipTable(input: unknown): Result<OwnershipTable> {
  const parsed = parseWith(OwnershipTableSchema, input, 'OWNERSHIP.INVALID_TABLE');
  if (!parsed.ok) return parsed;
  const t = parsed.value;
  if (t.sourced && !t.source) return err(invalid('source', 'đã đánh dấu có nguồn nhưng thiếu nguồn', 'sourced without a source'));
  if (t.effectiveFrom && t.effectiveUntil && t.effectiveUntil < t.effectiveFrom) {
    return err(invalid('effectiveUntil', 'ngày hết hiệu lực trước ngày có hiệu lực', 'effectiveUntil is before effectiveFrom'));
  }
  const tierOk = (d: DepartmentCode, path: string): DomainError | undefined => {
    const dep = findDepartment(d);
    return dep && dep.tier !== t.level
      ? invalid(
          path,
          `"${d}" là phòng, ban cấp ${dep.tier === 'district' ? 'huyện' : 'tỉnh'}, bảng này của cấp ${t.level === 'district' ? 'huyện' : 'tỉnh'}`,
          `"${d}" is a ${dep.tier} department; this table is for the ${t.level} level`,
        )
      : undefined;
  };
  const seen = new Set<string>();
  for (const [i, e] of t.entries.entries()) {
    const at = `entries.${i}`;
    if (seen.has(e.criterion)) return err(invalid(`${at}.criterion`, `tiêu chí "${e.criterion}" ghi hai lần`, `criterion "${e.criterion}" listed twice`));
    seen.add(e.criterion);
    for (const [k, d] of e.owners.entries()) {
      const f = tierOk(d, `${at}.owners.${k}`);
      if (f) return err(f);
      if (e.owners.indexOf(d) !== k) return err(invalid(`${at}.owners.${k}`, `"${d}" ghi hai lần`, `"${d}" listed twice`));
    }
    for (const [k, d] of e.supporting.entries()) {
      const f = tierOk(d, `${at}.supporting.${k}`);
      if (f) return err(f);
      if (e.owners.includes(d)) return err(invalid(`${at}.supporting.${k}`, `"${d}" vừa chủ trì vừa phối hợp`, `"${d}" is both owner and supporting`));
    }
    for (const [code, d] of Object.entries(e.indicators ?? {})) {
      if (!e.owners.includes(d)) {
        return err(
          invalid(
            `${at}.indicators.${code}`,
            `"${d}" không nằm trong các đơn vị chủ trì tiêu chí ${e.criterion}`,
            `"${d}" is not among the owners of criterion ${e.criterion}`,
          ),
        );
      }
    }
  }
  for (const [from, to] of Object.entries(t.departmentMap ?? {})) {
    const f = tierOk(to, `departmentMap.${from}`);
    if (f) return err(f);
  }
  return ok(t);
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * The set with this table's owners. Refuses (`OWNERSHIP.NOT_FOR_SET`) a table not made for the set,
 * (`OWNERSHIP.MISSING_CRITERION`) a set criterion the table cannot place, naming it, and
 * (`OWNERSHIP.UNKNOWN_CRITERION` / `OWNERSHIP.UNKNOWN_INDICATOR`) entries for codes the set lacks.
 */
export function applyOwnership(set: CriteriaSet, table: OwnershipTable): Result<CriteriaSet> {
  if (!table.sets.includes(set.id)) {
    return err(
      domainError(
        'OWNERSHIP.NOT_FOR_SET',
        `Bảng phân công "${table.id}" không dùng cho bộ tiêu chí "${set.id}"`,
        `Ownership table "${table.id}" does not apply to criteria set "${set.id}"`,
        {
          path: 'sets',
          details: { table: table.id, set: set.id, sets: table.sets },
        },
      ),
    );
  }
  for (const [i, e] of table.entries.entries()) {
    const c = set.criteria.find((x) => x.code === e.criterion);
    if (!c) {
      return err(
        domainError(
          'OWNERSHIP.UNKNOWN_CRITERION',
          `Bảng "${table.id}", mục ${i}: bộ "${set.id}" không có tiêu chí "${e.criterion}"`,
          `Table "${table.id}", entry ${i}: set "${set.id}" has no criterion "${e.criterion}"`,
          {
            path: `entries.${i}.criterion`,
          },
        ),
      );
    }
    for (const code of Object.keys(e.indicators ?? {})) {
      if (!c.indicators.some((x) => x.code === code)) {
        return err(
          domainError(
            'OWNERSHIP.UNKNOWN_INDICATOR',
            `Bảng "${table.id}": tiêu chí ${c.code} không có chỉ tiêu "${code}"`,
            `Table "${table.id}": criterion ${c.code} has no indicator "${code}"`,
            {
              path: `entries.${i}.indicators.${code}`,
            },
          ),
        );
      }
    }
  }
  const map = (d: DepartmentCode): DepartmentCode | undefined => (table.departmentMap ? table.departmentMap[d] : undefined);
  const criteria = [];
  for (const c of set.criteria) {
    const entry = table.entries.find((e) => e.criterion === c.code);
    if (entry) {
      criteria.push({
        ...c,
        owners: [...entry.owners],
        supporting: entry.supporting.filter((d) => !entry.owners.includes(d)),
        indicators: c.indicators.map((ind) => {
          // The entry's own indicator owner, else the set's when it is still among the owners.
          const owner = entry.indicators?.[ind.code] ?? (ind.owner && entry.owners.includes(ind.owner) ? ind.owner : undefined);
          const { owner: _previous, ...rest } = ind;
          void _previous;
          return owner ? { ...rest, owner } : rest;
        }),
      });
      continue;
    }
    const mapped = table.departmentMap ? c.owners.map(map) : [];
    if (!table.departmentMap || mapped.some((d) => d === undefined)) {
      const missing = c.owners.filter((d) => map(d) === undefined);
      return err(
        domainError(
          'OWNERSHIP.MISSING_CRITERION',
          `Bảng phân công "${table.id}" không xác định đơn vị thẩm tra tiêu chí ${c.code} (${c.nameVi})${missing.length ? `: chưa ánh xạ ${missing.join(', ')}` : ''}`,
          `Ownership table "${table.id}" names no reviewer for criterion ${c.code} (${c.nameEn})${missing.length ? `: ${missing.join(', ')} not mapped` : ''}`,
          { path: 'entries', details: { criterion: c.code, unmapped: missing } },
        ),
      );
    }
    const owners = uniq(mapped as DepartmentCode[]);
    const supporting = uniq(c.supporting.map((d) => map(d) ?? d)).filter((d) => !owners.includes(d));
    criteria.push({
      ...c,
      owners,
      supporting,
      indicators: c.indicators.map((ind) => (ind.owner ? { ...ind, owner: map(ind.owner) ?? ind.owner } : ind)),
    });
  }
  const r = loadCriteriaSet({ ...set, criteria });
  if (!r.ok) {
    return err(
      domainError(
        'OWNERSHIP.INVALID_RESULT',
        `Áp dụng bảng "${table.id}" cho bộ "${set.id}" cho kết quả không hợp lệ: ${r.error.messageVi}`,
        `Applying table "${table.id}" to set "${set.id}" gives an invalid set: ${r.error.messageEn}`,
        {
          ...(r.error.path ? { path: r.error.path } : {}),
          details: { cause: r.error },
        },
      ),
    );
  }
  return r;
}

/** District department → its provincial counterpart after the 2025 reforms. Our reading of remits: unsourced. */
export const DISTRICT_TO_PROVINCIAL: Readonly<Partial<Record<DepartmentCode, DepartmentCode>>> = {
  NN_PTNT: 'SO_NN_MT',
  TN_MT: 'SO_NN_MT',
  KT_HT: 'SO_XD',
  VH_TT: 'SO_VH_TT_DL',
  GD_DT: 'SO_GD_DT',
  LD_TBXH: 'SO_NOI_VU',
  VP_HDND_UBND: 'SO_Y_TE',
  NOI_VU: 'SO_NOI_VU',
  TU_PHAP: 'SO_TU_PHAP',
  BCH_QUAN_SU: 'BCH_QUAN_SU_TINH',
  CONG_AN: 'CONG_AN_TINH',
  THONG_KE: 'THONG_KE_TINH',
  TC_KH: 'SO_TAI_CHINH',
};

const NINETEEN = ['commune-ntm-2016-2020', 'commune-ntm-2021-2025'];

export const BUILT_IN_OWNERSHIP_TABLES: readonly OwnershipTableInput[] = [
  {
    id: 'three-tier-tuan-giao-2021',
    nameVi: 'Ba cấp: phòng, ban huyện thẩm tra (Tuần Giáo 2021)',
    nameEn: 'Three-tier: district departments review (Tuần Giáo 2021)',
    level: 'district',
    effectiveUntil: '2025-06-30',
    sets: NINETEEN,
    entries: Object.values(TUAN_GIAO_2021_OWNERSHIP).map((f) => ({ criterion: f.code, owners: [...f.owners], supporting: [...(f.supporting ?? [])] })),
    sourced: true,
    source: 'seed 000 (UBND huyện Tuần Giáo, 06/8/2021), mục II.2; seed 001 tương tự',
  },
  {
    id: 'two-tier-default-19',
    nameVi: 'Hai cấp: sở, ngành tỉnh thẩm tra bộ 19 tiêu chí (mặc định, chưa có nguồn)',
    nameEn: 'Two-tier: provincial departments review the 19-criteria sets (default, unsourced)',
    level: 'province',
    effectiveFrom: '2025-07-01',
    sets: NINETEEN,
    departmentMap: { ...DISTRICT_TO_PROVINCIAL },
    sourced: false,
    note: 'Ánh xạ phòng huyện → sở theo chức năng sau sắp xếp 2025; không có văn bản nào giao tiêu chí cho sở. Tỉnh thay bằng bảng của mình.',
  },
  {
    id: 'two-tier-default-2026-2030',
    nameVi: 'Hai cấp: sở, ngành tỉnh thẩm tra bộ tiêu chí 2026-2030 (mặc định, chưa có nguồn)',
    nameEn: 'Two-tier: provincial departments review the 2026-2030 set (default, unsourced)',
    level: 'province',
    effectiveFrom: '2025-07-01',
    sets: ['commune-ntm-2026-2030'],
    entries: COMMUNE_2026_2030_TWO_TIER_OWNERS.map((o) => ({ criterion: o.criterion, owners: [...o.owners], supporting: [...o.supporting] })),
    sourced: false,
    note: 'Phân công theo tên tiêu chí và chức năng sở (NĐ 45/2025/NĐ-CP); QĐ 51/2025/QĐ-TTg và các văn bản tìm được không giao tiêu chí cho sở nào.',
  },
];

function loadBuiltIns(): OwnershipTable[] {
  return BUILT_IN_OWNERSHIP_TABLES.map((input) => {
    const r = loadOwnershipTable(input);
    if (!r.ok) throw new InvariantError(`built-in ownership table ${input.id} is invalid: ${formatError(r.error)}`);
    return r.value;
  });
}

export const OWNERSHIP_TABLES: readonly OwnershipTable[] = loadBuiltIns();

/**
 * The table in force for a set on an ISO date (e.g. the plan year's reference date), for a province:
 * the province's own table first, then the default. `OWNERSHIP.NONE` when none applies.
 */
export function ownershipTableFor(args: { setId: string; date: string; provinceCode?: string; tables?: readonly OwnershipTable[] }): Result<OwnershipTable> {
  const tables = args.tables ?? OWNERSHIP_TABLES;
  const fits = tables.filter(
    (t) => t.sets.includes(args.setId) && (!t.effectiveFrom || t.effectiveFrom <= args.date) && (!t.effectiveUntil || args.date <= t.effectiveUntil),
  );
  const hit = fits.find((t) => args.provinceCode !== undefined && t.province === args.provinceCode) ?? fits.find((t) => t.province === undefined);
  return hit
    ? ok(hit)
    : err(
        domainError(
          'OWNERSHIP.NONE',
          `Không có bảng phân công thẩm tra cho bộ "${args.setId}" ngày ${args.date}${args.provinceCode ? ` (tỉnh ${args.provinceCode})` : ''}`,
          `No criterion-ownership table for set "${args.setId}" on ${args.date}${args.provinceCode ? ` (province ${args.provinceCode})` : ''}`,
          { details: { ...args, tables: undefined } },
        ),
      );
}

/** `ownershipTableFor` then `applyOwnership`: the set as the reviewing level of that date must see it. */
export function criteriaSetWithOwnership(args: {
  set: CriteriaSet;
  date: string;
  provinceCode?: string;
  tables?: readonly OwnershipTable[];
}): Result<CriteriaSet> {
  const t = ownershipTableFor({
    setId: args.set.id,
    date: args.date,
    ...(args.provinceCode ? { provinceCode: args.provinceCode } : {}),
    ...(args.tables ? { tables: args.tables } : {}),
  });
  return t.ok ? applyOwnership(args.set, t.value) : t;
}
