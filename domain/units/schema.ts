import { z } from 'zod';
import { CommuneGroupSchema, RegionCodeSchema } from '../criteria/schema';

export const UNIT_LEVELS = ['province', 'district', 'commune', 'village'] as const;
export const UnitLevelSchema = z.enum(UNIT_LEVELS);
export type UnitLevel = z.infer<typeof UnitLevelSchema>;

/** What kind of unit within its level: a district-level unit may be a huyện, thị xã or thành phố. */
export const UnitKindSchema = z.enum(['tinh', 'huyen', 'thi-xa', 'thanh-pho', 'xa', 'thi-tran', 'phuong', 'thon-ban']);
export type UnitKind = z.infer<typeof UnitKindSchema>;

/** Stable code: ASCII slug path, parent first (`dien-bien/tuan-giao/quai-cang`). */
export const UnitCodeSchema = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*)*$/, 'Mã đơn vị dạng slug / unit code as a slug path');

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Ngày dạng yyyy-mm-dd / date as yyyy-mm-dd');

/**
 * A link from a unit to one it continues (merged from, split from, renamed from), with where that is
 * written. Links are stored on the newer unit only; successors are derived (`successorsOf`).
 */
export const UnitLinkSchema = z
  .object({
    code: UnitCodeSchema,
    /** The act or page that says so ("NQ 1661/NQ-UBTVQH15; Bộ Nội vụ: ..."). Required: a link is never guessed. */
    source: z.string().min(1),
    note: z.string().optional(),
  })
  .strict();
export type UnitLink = z.infer<typeof UnitLinkSchema>;

export const UnitSchema = z
  .object({
    code: UnitCodeSchema,
    level: UnitLevelSchema,
    kind: UnitKindSchema.optional(),
    /** Name as the source documents spell it (for Điện Biên: seed 004 where it has the unit). */
    name: z.string().min(1),
    parentCode: UnitCodeSchema.nullable(),
    /** Commune group 1/2/3 for the 2026-2030 criteria; absent until a provincial decision assigns it. */
    communeGroup: CommuneGroupSchema.optional(),
    /** Socio-economic region (vùng) for the 2016-2025 thresholds; provinces carry it. */
    region: RegionCodeSchema.optional(),
    /** Official statistics code (GSO, before the 2025 reform) and the official spelling, when known. */
    gsoCode: z
      .string()
      .regex(/^\d{2,5}$/)
      .optional(),
    gsoName: z.string().min(1).optional(),
    /** Where `name` comes from. */
    nameSource: z.enum(['seed-004', 'gso', 'reform-2025']).optional(),
    /**
     * Validity (ISO dates, both inclusive): the unit exists from `validFrom` to `validTo`. Absent bound =
     * open (since always / still valid). The same code may appear in several versions whose periods
     * do not overlap (a renamed unit keeps its code).
     */
    validFrom: IsoDateSchema.optional(),
    validTo: IsoDateSchema.optional(),
    /** The act that created or abolished the unit, for the dates above. */
    validitySource: z.string().min(1).optional(),
    /** Units this one continues (merger, split, rename), each with its source. Absent = not known. */
    predecessors: z.array(UnitLinkSchema).optional(),
    /** True when `predecessors` is the unit's full composition as the source gives it. */
    predecessorsComplete: z.boolean().optional(),
  })
  .strict();
export type Unit = z.infer<typeof UnitSchema>;
export type UnitInput = z.input<typeof UnitSchema>;

export const UnitAliasSchema = z
  .object({
    alias: z.string().min(1),
    code: UnitCodeSchema,
    note: z.string().optional(),
  })
  .strict();
export type UnitAlias = z.infer<typeof UnitAliasSchema>;

export const LEVEL_RANK: Readonly<Record<UnitLevel, number>> = { village: 0, commune: 1, district: 2, province: 3 };
