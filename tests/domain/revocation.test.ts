import fc from 'fast-check';
import { getCriteriaSet } from '../../domain/criteria';
import { evaluateCommune, type Status } from '../../domain/evaluation';
import { communeRevocation, criteriaRevocation, districtRevocation, type CriterionStatusLike } from '../../domain/revocation';

const KEY = ['10', '17', '19'];

/** Nineteen criteria, those listed failing, the rest met. */
function statuses(failing: readonly number[], missing: readonly number[] = []): CriterionStatusLike[] {
  return Array.from({ length: 19 }, (_, i) => {
    const n = i + 1;
    const status: Status = failing.includes(n) ? 'not_met' : missing.includes(n) ? 'missing_evidence' : 'met';
    return { code: String(n), status };
  });
}
function assess(failing: readonly number[], missing: readonly number[] = []) {
  const r = criteriaRevocation(statuses(failing, missing), KEY);
  if (!r.ok) throw new Error(r.error.messageEn);
  return r.value;
}

describe('commune revocation (QĐ 18/2022)', () => {
  it('flags a commune failing half or more of its criteria', () => {
    const r = assess([1, 2, 3, 4, 5, 6, 7, 8, 9, 11]); // 10 of 19
    expect([r.flagged, r.rule]).toEqual([true, 'half-or-more']);
    expect(r.reasons[0]!.vi).toBe('Xã không đạt 10/19 tiêu chí (52,6%), từ 50% trở lên: 1, 2, 3, 4, 5, 6, 7, 8, 9, 11');
  });

  it('does not flag 9 of 19 failures (47%) when none is a key criterion', () => {
    expect(assess([1, 2, 3, 4, 5, 6, 7, 8, 9]).flagged).toBe(false);
  });

  it('flags 30% to under 50% when income is among the failures', () => {
    const r = assess([1, 2, 3, 4, 10, 6]); // 6 of 19 = 31.6%
    expect([r.flagged, r.rule, r.keyNotMet]).toEqual([true, 'thirty-percent-with-key', ['10']]);
    expect(r.reasons[0]!.vi).toContain('trong đó có tiêu chí then chốt 10');
  });

  it('does not flag a key failure below 30%', () => {
    expect(assess([1, 2, 3, 4, 19]).flagged).toBe(false); // 5 of 19 = 26.3%
  });

  it('puts the 30% edge at the exact ratio, without rounding', () => {
    const ten = (failing: number) =>
      criteriaRevocation(
        Array.from({ length: 10 }, (_, i) => ({ code: String(i + 1), status: (i < failing ? 'not_met' : 'met') as Status })),
        ['1'],
      );
    const at = (n: number) => {
      const r = ten(n);
      return r.ok && r.value.flagged;
    };
    expect([at(2), at(3), at(5)]).toEqual([false, true, true]);
  });

  it('calls a case inconclusive when missing evidence could tip it', () => {
    const r = assess([1, 2, 3, 4, 5], [10]);
    expect([r.flagged, r.inconclusive]).toEqual([false, true]);
    expect(r.reasons.map((x) => x.code)).toEqual(['REVOCATION.INCONCLUSIVE']);
  });

  it('flags a recognised commune evaluated against the 2016-2020 set', () => {
    const set = getCriteriaSet('commune-ntm-2016-2020');
    if (!set.ok) throw new Error();
    const failing = new Set(['2', '9', '10', '11', '16', '17']);
    const indicators = Object.fromEntries(
      set.value.criteria.flatMap((c) => c.indicators.map((i) => [i.code, { met: !failing.has(c.code), by: 'doan-kiem-tra' }])),
    );
    const ev = evaluateCommune(set.value, { indicators });
    if (!ev.ok) throw new Error();
    const r = communeRevocation(ev.value, set.value.revocationKeyCriteria);
    expect(r.ok && [r.value.flagged, r.value.keyNotMet]).toEqual([true, ['10', '17']]);
  });

  it('refuses to assess no criteria', () => {
    const r = criteriaRevocation([], KEY);
    expect(r.ok ? '' : r.error.code).toBe('REVOCATION.NO_CRITERIA');
  });

  it('is monotone: one more failed criterion never clears a flag', () => {
    fc.assert(
      fc.property(fc.subarray(Array.from({ length: 19 }, (_, i) => i + 1)), fc.integer({ min: 1, max: 19 }), (failing, extra) => {
        const before = assess(failing);
        const after = assess([...new Set([...failing, extra])]);
        if (before.flagged) expect(after.flagged).toBe(true);
      }),
    );
  });

  it('flags exactly by the rule for any pattern of failures', () => {
    fc.assert(
      fc.property(fc.subarray(Array.from({ length: 19 }, (_, i) => i + 1)), (failing) => {
        const n = failing.length;
        const key = failing.some((f) => KEY.includes(String(f)));
        expect(assess(failing).flagged).toBe(n / 19 >= 0.5 || (n / 19 >= 0.3 && key));
      }),
    );
  });
});

describe('district revocation', () => {
  const communes = (lost: number, total: number) =>
    Array.from({ length: total }, (_, i) => ({ code: `x${i}`, name: `Xã ${i + 1}`, lostRecognition: i < lost }));

  it('flags a district where 30% or more of its communes lost recognition', () => {
    const r = districtRevocation({ communes: communes(3, 10) });
    expect(r.ok && [r.value.flagged, r.value.rule, r.value.communesLost]).toEqual([true, 'communes-lost', 3]);
    expect(r.ok && r.value.reasons[0]!.vi).toBe('3/10 xã (30%) đã bị thu hồi danh hiệu, từ 30% trở lên: Xã 1, Xã 2, Xã 3');
  });

  it('does not flag 2 of 10', () => {
    const r = districtRevocation({ communes: communes(2, 10) });
    expect(r.ok && r.value.flagged).toBe(false);
  });

  it('flags by the 50% rule on the district criteria', () => {
    const statuses: CriterionStatusLike[] = Array.from({ length: 9 }, (_, i) => ({ code: String(i + 1), status: i < 5 ? 'not_met' : 'met' }));
    const r = districtRevocation({ communes: communes(0, 10), districtCriteria: { statuses, keyCriteria: [] } });
    expect(r.ok && [r.value.flagged, r.value.rule]).toEqual([true, 'half-or-more']);
    expect(r.ok && r.value.reasons[0]!.vi).toMatch(/^Huyện không đạt 5\/9 tiêu chí/);
  });

  it('refuses a district with no communes', () => {
    const r = districtRevocation({ communes: [] });
    expect(r.ok ? '' : r.error.code).toBe('REVOCATION.NO_COMMUNES');
  });

  it('is monotone in lost communes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 40 }), (total, lostRaw) => {
        const lost = Math.min(lostRaw, total - 1);
        const a = districtRevocation({ communes: communes(lost, total) });
        const b = districtRevocation({ communes: communes(lost + 1, total) });
        if (a.ok && b.ok && a.value.flagged) expect(b.value.flagged).toBe(true);
        expect(a.ok && a.value.flagged).toBe(lost * 10 >= total * 3);
      }),
    );
  });
});
