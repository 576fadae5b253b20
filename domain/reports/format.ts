/**
 * Vietnamese number formatting for the report tables: decimal comma, thousands dot ("1.390",
 * "47,82"). Ratios are computed in integers (hundredths), never through floating-point rounding.
 *
 * Rounding follows the officials' tables (seed 004): percentages are cut at two decimals
 * (55/115 = 47,826… → "47,82%", 24/115 → "20,86%", 102/115 → "88,69%"), while the average criteria
 * per commune is rounded (1390/115 = 12,087… → "12,09"). Both modes are options.
 */
export type Rounding = 'truncate' | 'half-up';

/** numerator / denominator in hundredths (an integer), for non-negative integers. */
export function hundredthsOf(numerator: number, denominator: number, rounding: Rounding): number {
  if (denominator <= 0) return 0;
  const scaled = numerator * 100;
  if (rounding === 'truncate') return (scaled - (scaled % denominator)) / denominator;
  const twice = 2 * scaled + denominator;
  const den2 = 2 * denominator;
  return (twice - (twice % den2)) / den2;
}

/** Percentage in hundredths of a percent: 55/115 → 4782 (truncate) or 4783 (half-up). */
export function percentHundredths(met: number, of: number, rounding: Rounding = 'truncate'): number {
  return hundredthsOf(met * 100, of, rounding);
}

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** An integer, Vietnamese style: 1390 → "1.390". */
export function formatIntegerVi(n: number): string {
  return n < 0 ? `-${groupThousands(-n)}` : groupThousands(n);
}

/** Hundredths as a two-decimal Vietnamese number: 4782 → "47,82", 6000 → "60,00", 139000 → "1.390,00". */
export function formatHundredthsVi(h: number): string {
  const neg = h < 0;
  const a = Math.abs(h);
  const whole = Math.floor(a / 100);
  const frac = String(a % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${groupThousands(whole)},${frac}`;
}

/** "55/115 = 47,82%". */
export function formatRatioVi(met: number, of: number, rounding: Rounding = 'truncate'): string {
  return `${formatIntegerVi(met)}/${formatIntegerVi(of)} = ${formatHundredthsVi(percentHundredths(met, of, rounding))}%`;
}
