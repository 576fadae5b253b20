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

/** Dossiers of one district counted together: how many at a stage, late or not (SQL's GROUP BY). */
export interface PipelineTally {
  readonly district: string;
  readonly stage: string;
  readonly late: boolean;
  readonly count: number;
}

/** A dossier recognised by the report's date, for the "recognised this year" column. */
export interface PipelineRecognition {
  readonly district: string;
  readonly title: string;
  /** yyyy-mm-dd */
  readonly recognisedOn: string;
}

export interface PipelineTalliesInput extends Omit<PipelineInput, 'dossiers'> {
  /** Counts per district (codes not among the scope's districts are ignored: name them in `unplaced`). */
  readonly tallies: readonly PipelineTally[];
  readonly recognitions: readonly PipelineRecognition[];
  readonly unplaced: readonly string[];
}

/**
 * The district a dossier's unit is counted under: the nearest unit of level district, itself included,
 * among `units` (the units of the report's date); undefined when the chain breaks first.
 */
export function reportDistrictOf(byCode: ReadonlyMap<string, ReportUnit>, code: string): string | undefined {
  let u = byCode.get(code);
  while (u && u.level !== 'district') u = u.parentCode ? byCode.get(u.parentCode) : undefined;
  return u?.code;
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
  const districts = new Set(scopeDistricts(input, scopeUnit).map((d) => d.code));
  const tallies = new Map<string, PipelineTally & { count: number }>();
  const recognitions: PipelineRecognition[] = [];
  const unplaced: string[] = [];
  for (const d of input.dossiers) {
    const dc = reportDistrictOf(byCode, d.unitCode);
    if (dc === undefined || !districts.has(dc)) {
      if (scopeUnit?.level === 'province') unplaced.push(d.id);
      continue;
    }
    const key = `${dc}\u0000${d.stage}\u0000${d.late}`;
    const t = tallies.get(key);
    if (t) t.count += 1;
    else tallies.set(key, { district: dc, stage: d.stage, late: d.late, count: 1 });
    if (d.recognisedOn) recognitions.push({ district: dc, title: d.title, recognisedOn: d.recognisedOn });
  }
  return buildPipelineFromTallies({ ...input, tallies: [...tallies.values()], recognitions, unplaced });
}

function scopeDistricts(input: Pick<PipelineInput, 'units'>, scopeUnit: ReportUnit | undefined): ReportUnit[] {
  if (!scopeUnit || (scopeUnit.level !== 'province' && scopeUnit.level !== 'district')) return [];
  return scopeUnit.level === 'district' ? [scopeUnit] : input.units.filter((u) => u.level === 'district' && u.parentCode === scopeUnit.code);
}

/**
 * The same report from counts already grouped by district (the database's GROUP BY): the figures are
 * those buildPipelineReport gives for the dossiers the counts were made of.
 */
export function buildPipelineFromTallies(input: PipelineTalliesInput): Result<PipelineReport> {
  const byCode = new Map(input.units.map((u) => [u.code, u]));
  const scopeUnit = byCode.get(input.scope);
  if (!scopeUnit || (scopeUnit.level !== 'province' && scopeUnit.level !== 'district')) {
    return err(
      domainError('REPORT.UNKNOWN_SCOPE', `Không có tỉnh hoặc huyện mã "${input.scope}"`, `No province or district with code "${input.scope}"`, {
        details: { scope: input.scope },
      }),
    );
  }
  const districts = scopeDistricts(input, scopeUnit);
  const stages: string[] = [...STAGES];
  const yearPrefix = `${input.year}-`;
  const planOf = (code: string) => input.plans.find((p) => p.unitCode === code && p.year === input.year);
  const tallies = new Map<string, PipelineTally[]>(districts.map((d) => [d.code, []]));
  for (const t of input.tallies) tallies.get(t.district)?.push(t);
  const recognitions = new Map<string, PipelineRecognition[]>(districts.map((d) => [d.code, []]));
  for (const r of input.recognitions) recognitions.get(r.district)?.push(r);

  const row = (
    code: string,
    name: string,
    ts: readonly PipelineTally[],
    rs: readonly PipelineRecognition[],
    targets: readonly { title: string; count: number }[],
  ): PipelineRow => {
    const byStage: Record<string, number> = Object.fromEntries(stages.map((s) => [s, 0]));
    let total = 0;
    let late = 0;
    for (const t of ts) {
      byStage[t.stage] = (byStage[t.stage] ?? 0) + t.count;
      total += t.count;
      if (t.late) late += t.count;
    }
    const recognisedThisYear: Record<string, number> = {};
    for (const r of rs) {
      if (r.recognisedOn.startsWith(yearPrefix) && r.recognisedOn <= input.asOf) recognisedThisYear[r.title] = (recognisedThisYear[r.title] ?? 0) + 1;
    }
    return {
      code,
      name,
      byStage,
      total,
      late,
      recognisedThisYear,
      targets: targets.map((t) => {
        const recognised = recognisedThisYear[t.title] ?? 0;
        return { title: t.title, target: t.count, recognised, remaining: Math.max(0, t.count - recognised) };
      }),
    };
  };

  const rows = districts.map((d) => row(d.code, d.name, tallies.get(d.code) ?? [], recognitions.get(d.code) ?? [], planOf(d.code)?.targets ?? []));
  let totalTargets = planOf(scopeUnit.code)?.targets;
  if (!totalTargets || scopeUnit.level === 'district') {
    const sum = new Map<string, number>();
    for (const r of rows) for (const t of r.targets) sum.set(t.title, (sum.get(t.title) ?? 0) + t.target);
    totalTargets = [...sum].map(([title, count]) => ({ title, count }));
  }
  return ok({
    kind: 'dossier-pipeline',
    asOf: input.asOf,
    year: input.year,
    scope: { code: scopeUnit.code, name: scopeUnit.name, level: scopeUnit.level },
    stages,
    districts: rows,
    totals: row(scopeUnit.code, scopeUnit.name, [...tallies.values()].flat(), [...recognitions.values()].flat(), totalTargets),
    unplaced: [...input.unplaced],
  });
}
