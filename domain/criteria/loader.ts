import { domainError, err, ok, type DomainError, type Result } from '../errors';
import { parseWith } from '../validation';
import { CriteriaSetSchema, type CriteriaSet } from './schema';

/**
 * Validates a criteria set: the zod schema first, then the checks zod cannot express on one field.
 * Refuses a malformed set with `CRITERIA.INVALID_SET` and the exact path of the first fault, e.g.
 * `criteria.3.indicators.1.threshold.value`.
 */
export function loadCriteriaSet(input: unknown): Result<CriteriaSet> {
  const parsed = parseWith(CriteriaSetSchema, input, 'CRITERIA.INVALID_SET');
  if (!parsed.ok) return parsed;
  const fault = crossCheck(parsed.value);
  return fault ? err(fault) : ok(parsed.value);
}

function invalid(path: string, vi: string, en: string): DomainError {
  return domainError('CRITERIA.INVALID_SET', `Bộ tiêu chí không hợp lệ tại "${path}": ${vi}`, `Invalid criteria set at "${path}": ${en}`, { path });
}

function crossCheck(set: CriteriaSet): DomainError | undefined {
  for (const [i, basis] of set.legalBasis.entries()) {
    if (basis.sourced && !basis.source) {
      return invalid(`legalBasis.${i}.source`, 'căn cứ đã đánh dấu có nguồn nhưng thiếu nguồn', 'sourced basis without a source');
    }
  }
  if (set.period.from > set.period.to) {
    return invalid('period.to', 'năm kết thúc trước năm bắt đầu', 'period ends before it starts');
  }

  const groupCodes = new Set<string>();
  for (const [i, g] of set.groups.entries()) {
    if (groupCodes.has(g.code)) return invalid(`groups.${i}.code`, `nhóm "${g.code}" trùng mã`, `duplicate group "${g.code}"`);
    groupCodes.add(g.code);
  }

  const communeGroups = set.communeGroups ? new Set(set.communeGroups.groups.map((g) => String(g.group))) : undefined;
  if (set.communeGroups) {
    if (set.communeGroups.sourced && !set.communeGroups.source) {
      return invalid('communeGroups.source', 'nhóm xã đã đánh dấu có nguồn nhưng thiếu nguồn', 'sourced commune groups without a source');
    }
    const seenGroups = new Set<number>();
    for (const [i, g] of set.communeGroups.groups.entries()) {
      if (seenGroups.has(g.group))
        return invalid(`communeGroups.groups.${i}.group`, `nhóm xã ${g.group} khai báo hai lần`, `commune group ${g.group} defined twice`);
      seenGroups.add(g.group);
    }
  }

  const criterionCodes = new Set<string>();
  const indicatorCodes = new Set<string>();
  for (const [ci, c] of set.criteria.entries()) {
    const at = `criteria.${ci}`;
    if (criterionCodes.has(c.code)) {
      return invalid(`${at}.code`, `tiêu chí "${c.code}" trùng mã`, `duplicate criterion "${c.code}"`);
    }
    criterionCodes.add(c.code);
    if (!groupCodes.has(c.group)) {
      return invalid(`${at}.group`, `nhóm "${c.group}" không có trong bộ`, `group "${c.group}" is not in the set`);
    }
    const owners = new Set<string>(c.owners);
    if (owners.size !== c.owners.length) {
      return invalid(`${at}.owners`, 'một phòng ban được ghi hai lần', 'a department is listed twice');
    }
    for (const [si, s] of c.supporting.entries()) {
      if (owners.has(s)) {
        return invalid(`${at}.supporting.${si}`, `"${s}" vừa chủ trì vừa phối hợp`, `"${s}" is both owner and supporting`);
      }
    }
    for (const [ii, ind] of c.indicators.entries()) {
      const iat = `${at}.indicators.${ii}`;
      if (indicatorCodes.has(ind.code)) {
        return invalid(`${iat}.code`, `chỉ tiêu "${ind.code}" trùng mã`, `duplicate indicator "${ind.code}"`);
      }
      indicatorCodes.add(ind.code);
      if (ind.code !== c.code && !ind.code.startsWith(`${c.code}.`)) {
        return invalid(
          `${iat}.code`,
          `mã chỉ tiêu "${ind.code}" phải bắt đầu bằng mã tiêu chí "${c.code}"`,
          `indicator code "${ind.code}" must be prefixed by its criterion "${c.code}"`,
        );
      }
      if (ind.owner && !owners.has(ind.owner)) {
        return invalid(
          `${iat}.owner`,
          `phòng ban "${ind.owner}" không nằm trong các đơn vị phụ trách tiêu chí ${c.code}`,
          `department "${ind.owner}" is not among the owners of criterion ${c.code}`,
        );
      }
      const t = ind.threshold;
      if (communeGroups && (t.kind === 'min' || t.kind === 'max')) {
        for (const g of Object.keys(t.byGroup ?? {})) {
          if (!communeGroups.has(g)) {
            return invalid(
              `${iat}.threshold.byGroup.${g}`,
              `ngưỡng cho nhóm xã ${g} không có trong bộ`,
              `threshold for commune group ${g}, which the set does not define`,
            );
          }
        }
      }
      if (t.sourced && !t.source) {
        return invalid(`${iat}.threshold.source`, 'ngưỡng đã đánh dấu có nguồn nhưng thiếu nguồn', 'sourced threshold without a source');
      }
      if ((t.kind === 'min' || t.kind === 'max') && t.unit === 'percent') {
        const values: [string, number | undefined][] = [
          ['value', t.value],
          ...Object.entries(t.byRegion ?? {}).map(([k, v]): [string, number | undefined] => [`byRegion.${k}`, v]),
          ...Object.entries(t.byGroup ?? {}).map(([k, v]): [string, number | undefined] => [`byGroup.${k}`, v]),
        ];
        for (const [key, v] of values) {
          if (v !== undefined && (v < 0 || v > 100)) {
            return invalid(`${iat}.threshold.${key}`, `tỷ lệ ${v}% ngoài khoảng 0-100`, `percentage ${v} outside 0-100`);
          }
        }
      }
    }
    // Every owner must review something: an owner with no indicator of its own must be the lead.
    const indicatorOwners = new Set(c.indicators.map((i) => i.owner ?? c.owners[0]));
    for (const [oi, o] of c.owners.entries()) {
      if (!indicatorOwners.has(o) && oi > 0) {
        return invalid(
          `${at}.owners.${oi}`,
          `"${o}" được giao tiêu chí ${c.code} nhưng không phụ trách chỉ tiêu nào`,
          `"${o}" owns criterion ${c.code} but no indicator of it`,
        );
      }
    }
  }
  for (const [ki, k] of set.revocationKeyCriteria.entries()) {
    if (!criterionCodes.has(k)) {
      return invalid(`revocationKeyCriteria.${ki}`, `tiêu chí "${k}" không có trong bộ`, `criterion "${k}" is not in the set`);
    }
  }
  return undefined;
}
