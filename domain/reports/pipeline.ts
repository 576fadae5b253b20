import { z } from 'zod';
import { domainError, err, ok, type Result } from '../errors';
import { STAGES } from '../dossier';
import type { ReportUnit } from './matrix';
import type { PipelineReport, PipelineRow } from './schemas';

/** A dossier as it stood on the report's date (the activity rebuilds it from the timeline). */
export const DossierSnapshotSchema = z.object({
  id: z.string(),
  unitCode: z.string(),
  title: z.string(),
  stage: z.string(),
  late: z.boolean(),
  /** Date of the recognition decision (yyyy-mm-dd), if recognised by the report's date. */
  recognisedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
});
export type DossierSnapshot = z.infer<typeof DossierSnapshotSchema>;

export interface PlanTargets {
  readonly unitCode: string;
  readonly year: number;
  readonly targets: readonly { readonly title: string; readonly count: number }[];
}

export interface PipelineInput {
  readonly asOf: string;
  /** The plan year the targets and "recognised this year" refer to (normally the as-of date's year). */
  readonly year: number;
  /** Province or district code. */
  readonly scope: string;
  readonly units: readonly ReportUnit[];
  readonly dossiers: readonly DossierSnapshot[];
  readonly plans: readonly PlanTargets[];
}

/**
 * Per district: dossiers by stage, how many are late, how many were recognised this year, against the
 * plan year's targets. A recognition counts for the year of its decision, even if the unit later fell
 * below standard. The scope's totals use the province's own plan targets when it has one, else the
 * sum of its districts' targets.
 */
export function buildPipelineReport(input: PipelineInput): Result<PipelineReport> {
  const byCode = new Map(input.units.map((u) => [u.code, u]));
  const scopeUnit = byCode.get(input.scope);
  if (!scopeUnit || (scopeUnit.level !== 'province' && scopeUnit.level !== 'district')) {
    return err(
      domainError('REPORT.UNKNOWN_SCOPE', `Không có tỉnh hoặc huyện mã "${input.scope}"`, `No province or district with code "${input.scope}"`, {
        details: { scope: input.scope },
      }),
    );
  }
  const districts = scopeUnit.level === 'district' ? [scopeUnit] : input.units.filter((u) => u.level === 'district' && u.parentCode === scopeUnit.code);
  const districtOf = (code: string): string | undefined => {
    let u = byCode.get(code);
    while (u && u.level !== 'district') u = u.parentCode ? byCode.get(u.parentCode) : undefined;
    return u?.code;
  };
  const stages: string[] = [...STAGES];
  const yearPrefix = `${input.year}-`;
  const planOf = (code: string) => input.plans.find((p) => p.unitCode === code && p.year === input.year);

  const grouped = new Map<string, DossierSnapshot[]>(districts.map((d) => [d.code, []]));
  const unplaced: string[] = [];
  for (const d of input.dossiers) {
    const dc = districtOf(d.unitCode);
    const bucket = dc === undefined ? undefined : grouped.get(dc);
    if (bucket) bucket.push(d);
    else if (scopeUnit.level === 'province') unplaced.push(d.id);
  }

  const row = (code: string, name: string, ds: readonly DossierSnapshot[], targets: readonly { title: string; count: number }[]): PipelineRow => {
    const byStage: Record<string, number> = Object.fromEntries(stages.map((s) => [s, 0]));
    const recognisedThisYear: Record<string, number> = {};
    for (const d of ds) {
      byStage[d.stage] = (byStage[d.stage] ?? 0) + 1;
      if (d.recognisedOn && d.recognisedOn.startsWith(yearPrefix) && d.recognisedOn <= input.asOf) {
        recognisedThisYear[d.title] = (recognisedThisYear[d.title] ?? 0) + 1;
      }
    }
    return {
      code,
      name,
      byStage,
      total: ds.length,
      late: ds.filter((d) => d.late).length,
      recognisedThisYear,
      targets: targets.map((t) => {
        const recognised = recognisedThisYear[t.title] ?? 0;
        return { title: t.title, target: t.count, recognised, remaining: Math.max(0, t.count - recognised) };
      }),
    };
  };

  const rows = districts.map((d) => row(d.code, d.name, grouped.get(d.code) ?? [], planOf(d.code)?.targets ?? []));
  let totalTargets = planOf(scopeUnit.code)?.targets;
  if (!totalTargets || scopeUnit.level === 'district') {
    const sum = new Map<string, number>();
    for (const r of rows) for (const t of r.targets) sum.set(t.title, (sum.get(t.title) ?? 0) + t.target);
    totalTargets = [...sum].map(([title, count]) => ({ title, count }));
  }
  const all = [...grouped.values()].flat();
  return ok({
    kind: 'dossier-pipeline',
    asOf: input.asOf,
    year: input.year,
    scope: { code: scopeUnit.code, name: scopeUnit.name, level: scopeUnit.level },
    stages,
    districts: rows,
    totals: row(scopeUnit.code, scopeUnit.name, all, totalTargets),
    unplaced,
  });
}
