import { z } from 'zod';
import { PlanTitleSchema } from '../calendar/plan';
import type { PlanForecast } from './forecast';

/**
 * The JSON shape of a plan year's forecast (domain/forecast `PlanForecast`), for the API responses that
 * carry it (the pipeline report's `forecast`, /api/obligations/forecast): a response schema strips
 * what it does not name, so the forecast needs its own. Kept equal to the TypeScript type by the
 * compile-time check below.
 */
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const ForecastStatusSchema = z.enum(['on_track', 'at_risk', 'will_miss']);

export const ForecastReasonSchema = z.object({ code: z.string(), vi: z.string(), en: z.string() });

export const UnitForecastSchema = z.object({
  unitCode: z.string(),
  unitName: z.string(),
  title: PlanTitleSchema,
  status: ForecastStatusSchema,
  target: z.number().int(),
  totalCriteria: z.number().int(),
  asOf: IsoDate,
  deadline: IsoDate,
  current: z.number().nullable(),
  currentDate: IsoDate.nullable(),
  needed: z.number().nullable(),
  yearsLeft: z.number(),
  window: z.object({ from: IsoDate, to: IsoDate, years: z.number() }).nullable(),
  ratePerYear: z.number().nullable(),
  requiredRatePerYear: z.number().nullable(),
  projected: z.number().nullable(),
  /** Why, in words (Vietnamese and English): "cần thêm 4 tiêu chí, tốc độ 2 năm qua 1,5 tiêu chí/năm". */
  reasons: z.array(ForecastReasonSchema).readonly(),
  summaryVi: z.string(),
  summaryEn: z.string(),
});

export const PlanForecastSchema = z.object({
  year: z.number().int(),
  asOf: IsoDate,
  forecasts: z.array(UnitForecastSchema).readonly(),
  skipped: z.array(z.object({ unitCode: z.string(), title: PlanTitleSchema, reasonVi: z.string(), reasonEn: z.string() })).readonly(),
  counts: z.object({ on_track: z.number().int(), at_risk: z.number().int(), will_miss: z.number().int() }),
});

// Every PlanForecast is valid JSON of this schema, and the schema names no field the type lacks
// (dates are branded strings in the type, plain strings here).
type Json = z.infer<typeof PlanForecastSchema>;
type Unit = z.infer<typeof UnitForecastSchema>;
type Fits = [PlanForecast] extends [Json] ? true : false;
type Extra<A, B> = Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;
export const planForecastSchemaMatchesType: [Fits, Extra<PlanForecast, Json>, Extra<PlanForecast['forecasts'][number], Unit>] = [
  true,
  null as never,
  null as never,
];
