import fc from 'fast-check';
import { ocopStars, ocopTotal } from '../../domain/ocop';

const stars = (s: number) => {
  const r = ocopStars(s);
  return r.ok ? r.value : r.error.code;
};

describe('OCOP stars', () => {
  it('rates the band edges as domain.md gives them', () => {
    expect([0, 29.9, 30, 49, 50, 69.5, 70, 89.99, 90, 100].map(stars)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('refuses a score outside 0-100 or not a number', () => {
    expect([-1, 100.5, Number.NaN, Number.POSITIVE_INFINITY].map(stars)).toEqual(Array(4).fill('OCOP.INVALID_SCORE'));
    expect(stars('80' as unknown as number)).toBe('OCOP.INVALID_SCORE');
  });

  it('never lowers the stars when the score rises', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(stars(hi) as number).toBeGreaterThanOrEqual(stars(lo) as number);
      }),
    );
  });

  it('sums a score sheet and rates it', () => {
    expect(ocopTotal({ A: 30, B: 20, C: 25 })).toEqual({ ok: true, value: { total: 75, stars: 4 } });
  });

  it('refuses a part above its configured maximum, naming the part', () => {
    const r = ocopTotal({ A: 40, B: 10 }, { A: 35 });
    expect(r.ok ? '' : `${r.error.code} ${r.error.path}`).toBe('OCOP.INVALID_SCORE A');
  });

  it('refuses a sheet totalling over 100', () => {
    const r = ocopTotal({ A: 60, B: 60 });
    expect(r.ok ? '' : r.error.code).toBe('OCOP.INVALID_SCORE');
  });
});
