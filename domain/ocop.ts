import { z } from 'zod';
import { domainError, err, ok, type Result } from './errors';

/**
 * OCOP stars from a product's total score out of 100 (domain.md, public reporting):
 * 5★ 90-100, 4★ 70-89, 3★ 50-69, 2★ 30-49, 1★ below 30. Only 3-5 stars are certified OCOP products
 * (domain.md: "3, 4 or 5 stars"). The bands are data so a new scoring decision edits them, not code.
 */
export const OcopBandSchema = z.object({ stars: z.number().int().min(1).max(5), minScore: z.number().min(0).max(100) }).strict();
export type OcopBand = z.infer<typeof OcopBandSchema>;

export const OCOP_BANDS: readonly OcopBand[] = [
  { stars: 5, minScore: 90 },
  { stars: 4, minScore: 70 },
  { stars: 3, minScore: 50 },
  { stars: 2, minScore: 30 },
  { stars: 1, minScore: 0 },
];

/** The lowest star rating that is certified. */
export const OCOP_MIN_CERTIFIED_STARS = 3;

export type OcopStars = 1 | 2 | 3 | 4 | 5;

/** Stars for a score in [0, 100]; `OCOP.INVALID_SCORE` for anything else (NaN, negative, over 100). */
export function ocopStars(score: number, bands: readonly OcopBand[] = OCOP_BANDS): Result<OcopStars> {
  if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 100) {
    return err(
      domainError(
        'OCOP.INVALID_SCORE',
        `Điểm OCOP phải là số từ 0 đến 100 (nhận được: ${String(score)})`,
        `An OCOP score must be a number from 0 to 100 (got ${String(score)})`,
        { details: { score } },
      ),
    );
  }
  const band = [...bands].sort((a, b) => b.minScore - a.minScore).find((b) => score >= b.minScore);
  if (!band) {
    return err(domainError('OCOP.INVALID_SCORE', `Không có hạng sao cho điểm ${score}`, `No star band covers score ${score}`));
  }
  return ok(band.stars as OcopStars);
}

/**
 * Total of a score sheet (one score per part of the OCOP set) and its stars. Each part must be a
 * non-negative number not above the part's maximum when the set configures one.
 */
export function ocopTotal(
  parts: Readonly<Record<string, number>>,
  maxPoints: Readonly<Record<string, number | undefined>> = {},
): Result<{ total: number; stars: OcopStars }> {
  let total = 0;
  for (const [part, score] of Object.entries(parts)) {
    const max = maxPoints[part];
    if (!Number.isFinite(score) || score < 0 || (max !== undefined && score > max)) {
      return err(
        domainError(
          'OCOP.INVALID_SCORE',
          `Điểm phần ${part} không hợp lệ: ${String(score)}${max !== undefined ? ` (tối đa ${max})` : ''}`,
          `Invalid score for part ${part}: ${String(score)}${max !== undefined ? ` (maximum ${max})` : ''}`,
          { path: part },
        ),
      );
    }
    total += score;
  }
  const stars = ocopStars(total);
  return stars.ok ? ok({ total, stars: stars.value }) : stars;
}
