/**
 * Issue 14 / 12: a plan year names units — its own (the office's district or province) and each
 * registration's — and each must exist at some time in that year: a 2031 plan of Huyện Tuần Giáo
 * (abolished 1/7/2025) or Xã Quài Cang registered in a 2027 plan is refused, the unit named by its name
 * and its period given. Pure: the units (with their validity periods) are an argument.
 */
import { formatVnDate, type LocalDate, type PlanYear } from '../calendar';
import { domainError, type DomainError } from '../errors';
import { displayName, periodsOverlap, type Unit } from '../units';

const yearPeriod = (year: number) => ({ validFrom: `${year}-01-01`, validTo: `${year}-12-31` });

/** Whether the unit exists on at least one day of the year. */
export function inForceInYear(unit: Pick<Unit, 'validFrom' | 'validTo'>, year: number): boolean {
  return periodsOverlap(unit, yearPeriod(year));
}

/** A unit's period in words: "hiệu lực đến 30/06/2025" / "valid until 30/06/2025". */
export function periodWords(unit: Pick<Unit, 'validFrom' | 'validTo'>): { vi: string; en: string } {
  const from = unit.validFrom ? formatVnDate(unit.validFrom as LocalDate) : undefined;
  const to = unit.validTo ? formatVnDate(unit.validTo as LocalDate) : undefined;
  if (from && to) return { vi: `hiệu lực từ ${from} đến ${to}`, en: `valid from ${from} to ${to}` };
  if (to) return { vi: `hiệu lực đến ${to}`, en: `valid until ${to}` };
  if (from) return { vi: `hiệu lực từ ${from}`, en: `valid from ${from}` };
  return { vi: 'không giới hạn thời gian', en: 'no time limit' };
}

/** The version of a code in force in the year, else its latest version (for the refusal's words). */
export function unitForYear(units: readonly Unit[], code: string, year: number): Unit | undefined {
  const versions = units.filter((u) => u.code === code);
  return versions.find((u) => inForceInYear(u, year)) ?? versions.sort((a, b) => (b.validTo ?? '9999').localeCompare(a.validTo ?? '9999'))[0];
}

/** Why the plan names a unit outside its year, or null: the plan's own unit, then each registration. */
export function planUnitsRefusal(plan: Pick<PlanYear, 'year' | 'unitCode' | 'registrations'>, units: readonly Unit[]): DomainError | null {
  const own = unitForYear(units, plan.unitCode, plan.year);
  if (own && !inForceInYear(own, plan.year)) {
    const p = periodWords(own);
    return domainError(
      'PLAN.UNIT_NOT_IN_FORCE',
      `Kế hoạch năm ${plan.year}: ${displayName(own)} không còn tồn tại trong năm ${plan.year} (${p.vi}); lập kế hoạch cho đơn vị đang có hiệu lực`,
      `${plan.year} plan: ${displayName(own)} does not exist in ${plan.year} (${p.en}); plan for a unit in force`,
      { path: 'unitCode' },
    );
  }
  for (const [i, reg] of plan.registrations.entries()) {
    const unit = unitForYear(units, reg.unitCode, plan.year);
    if (!unit || inForceInYear(unit, plan.year)) continue;
    const p = periodWords(unit);
    return domainError(
      'PLAN.UNIT_NOT_IN_FORCE',
      `Đăng ký ${i + 1}: ${displayName(unit)} không tồn tại trong năm ${plan.year} (${p.vi}), không đăng ký được trong kế hoạch năm ${plan.year}`,
      `Registration ${i + 1}: ${displayName(unit)} does not exist in ${plan.year} (${p.en}) and cannot be registered in the ${plan.year} plan`,
      { path: `registrations.${i}.unitCode` },
    );
  }
  return null;
}
