/**
 * The two-tier world's people for tests on the whole engine (from 1/7/2025: commune → province, the
 * provincial departments review): the official of Xã Tuần Giáo, one specialist per provincial department
 * (`so.<department>`), besides pipelinePeople()'s provincial office and chair. The 2026-2030 criteria need
 * the commune's group, an office's data no source gives: group 3, as the demo does.
 */
import { PROVINCIAL_DEPARTMENT_CODES, findDepartment } from '../../domain/departments';
import type { Db } from '../../prisma/db';
import { pipelinePeople, type Person } from './app';

export const TWO_TIER_COMMUNE = 'dien-bien/xa-tuan-giao';
export const TWO_TIER_OFFICIAL = 'xa2.tuan-giao';
export const soName = (department: string): string => `so.${department.toLowerCase().replace(/_/g, '-')}`;

export function twoTierPeople(): Person[] {
  return [
    { username: TWO_TIER_OFFICIAL, displayName: 'Lò Thị Mai (xã Tuần Giáo)', role: 'commune_official', unitCode: TWO_TIER_COMMUNE },
    ...PROVINCIAL_DEPARTMENT_CODES.map((code): Person => ({
      username: soName(code),
      displayName: `Chuyên viên ${findDepartment(code)?.nameVi ?? code}`,
      role: 'provincial_specialist',
      unitCode: 'dien-bien',
      department: code,
    })),
  ];
}

/** Both worlds' people: the Tuần Giáo pipeline (three-tier, 2024) and the two-tier province. */
export const bothWorldsPeople = (): Person[] => [...pipelinePeople(), ...twoTierPeople()];

export async function giveCommuneGroup(db: Db, code = TWO_TIER_COMMUNE, group = 3): Promise<void> {
  await db.unit.update({ where: { code }, data: { communeGroup: group } });
}
