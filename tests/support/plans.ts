/** Plans for time-skipping tests: the seeded Tuần Giáo plan moved to a future year (the test server's clock starts today). */
import { dienBienPlan2024Input, loadPlanYear, type PlanYear } from '../../domain/calendar';
import { getCriteriaSet } from '../../domain/criteria';
import { planDossier, type DossierInput } from '../../domain/dossier';
import type { TitleId } from '../../domain/titles';
import { DIEN_BIEN_UNITS, getPipelineConfig, findUnit } from '../../domain/units';

export const FUTURE_YEAR = 2027;

export function shiftedPlan(year = FUTURE_YEAR): PlanYear {
  const text = JSON.stringify(dienBienPlan2024Input)
    .replace(/2024-/g, `${year}-`)
    .replace(/"year":2024/g, `"year":${year}`);
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
