/** Plans for time-skipping tests: the seeded Tuần Giáo plan moved to a future year (the test server's clock starts today). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCommuneGroupsFile } from '../../app/imports';
import { dienBienPlan2024Input, dienBienPlan2027Input, loadPlanYear, type PlanYear } from '../../domain/calendar';
import type { Db } from '../../prisma/db';
import { getCriteriaSet } from '../../domain/criteria';
import { planDossier, type DossierInput } from '../../domain/dossier';
import type { TitleId } from '../../domain/titles';
import { DIEN_BIEN_UNITS, getPipelineConfig, findUnit } from '../../domain/units';

export const FUTURE_YEAR = 2027;

export function shiftedPlan(year = FUTURE_YEAR): PlanYear {
  return shift(dienBienPlan2024Input, 2024, year);
}

/** The seeds' two-tier province plan (Điện Biên, post-merger communes Tuần Giáo, Quài Tở, Chiềng Sinh) moved to a year. */
export function twoTierPlan(year: number): PlanYear {
  return shift(dienBienPlan2027Input, 2027, year);
}

/** The post-merger communes the two-tier plans register. */
export const TWO_TIER_COMMUNES = ['dien-bien/xa-tuan-giao', 'dien-bien/xa-quai-to', 'dien-bien/xa-chieng-sinh'] as const;

/**
 * Gives the two-tier plans' communes a group through the real group import (app/imports.ts, audited),
 * as an office would before opening 2026-2030 dossiers: no source assigns Điện Biên's groups, so the
 * test says which.
 */
export async function importTestCommuneGroups(db: Db, group = 3, codes: readonly string[] = TWO_TIER_COMMUNES): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ntm-groups-'));
  try {
    const file = join(dir, 'nhom-xa.csv');
    writeFileSync(file, ['unit,group,source', ...codes.map((c) => `${c},${group},Nhóm giả định cho kiểm thử (test assumption)`)].join('\n'));
    const o = await importCommuneGroupsFile({ db }, { path: file, asOf: '2026-01-10', actorId: 'test' });
    if (o.status !== 'imported' && o.status !== 'unchanged' && o.status !== 'already-imported')
      throw new Error(`groups not imported: ${JSON.stringify(o.rejected)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function shift(input: unknown, from: number, year: number): PlanYear {
  const text = JSON.stringify(input)
    .replace(new RegExp(`${from}-`, 'g'), `${year}-`)
    .replace(new RegExp(`"year":${from}`, 'g'), `"year":${year}`);
  const r = loadPlanYear(JSON.parse(text));
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.messageEn} at ${r.error.path}`);
  return r.value;
}

export function dossierFor(unitCode: string, title: TitleId, setId: string, planYear = FUTURE_YEAR, pipelineId = 'three-tier'): DossierInput {
  const unit = findUnit(DIEN_BIEN_UNITS, unitCode);
  if (!unit) throw new Error(`no unit ${unitCode}`);
  const set = getCriteriaSet(setId);
  if (!set.ok) throw new Error(set.error.messageEn);
  const pipeline = getPipelineConfig(pipelineId);
  if (!pipeline.ok) throw new Error(pipeline.error.messageEn);
  const r = planDossier({ unit, units: DIEN_BIEN_UNITS, title, planYear, set: set.value, pipeline: pipeline.value });
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.messageEn}`);
  return r.value;
}
