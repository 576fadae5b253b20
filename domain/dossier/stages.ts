/**
 * The dossier's stages and their groups. The groups are the machine's state tags (machine.ts), so "is
 * this dossier decided / recognised / at the commune…" has one answer, read from the lifecycle itself.
 */
import { dossierMachine, STAGE_TAGS, type StageTag } from './machine';

export { STAGE_TAGS, type StageTag } from './machine';

export const STAGES = [
  'self_assessment',
  'review',
  'returned',
  'approved',
  'appraised',
  'decision_drafted',
  'recognised',
  'below_standard',
  'refused',
  'revoked',
] as const;
export type DossierStage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<DossierStage, { vi: string; en: string }> = {
  self_assessment: { vi: 'Xã tự đánh giá', en: 'Self-assessment' },
  review: { vi: 'Đang thẩm tra', en: 'Under review' },
  returned: { vi: 'Trả lại để bổ sung', en: 'Returned for supplementation' },
  approved: { vi: 'Cấp thẩm tra đã thông qua', en: 'Approved by the reviewing level' },
  appraised: { vi: 'Hội đồng đã thẩm định', en: 'Appraised by council' },
  decision_drafted: { vi: 'Dự thảo quyết định', en: 'Decision drafted' },
  recognised: { vi: 'Đã công nhận', en: 'Recognised' },
  below_standard: { vi: 'Không còn đạt chuẩn', en: 'Below standard' },
  refused: { vi: 'Không công nhận', en: 'Refused' },
  revoked: { vi: 'Thu hồi công nhận', en: 'Recognition revoked' },
};

const isStage = (s: string): s is DossierStage => (STAGES as readonly string[]).includes(s);

/** The groups a stage belongs to (its state node's tags). An unknown stage name belongs to none. */
export function stageTags(stage: string): readonly StageTag[] {
  if (!isStage(stage)) return [];
  return (dossierMachine.states[stage]?.tags ?? []) as StageTag[];
}

/** Whether `stage` is in group `tag`; accepts any string (e.g. a projection column). */
export function stageIn(stage: string, tag: StageTag): boolean {
  return stageTags(stage).includes(tag);
}

/** Every group with its stages, e.g. STAGE_GROUPS.recognisedOrAfter = ['recognised', 'below_standard', 'revoked']. */
export const STAGE_GROUPS: Readonly<Record<StageTag, readonly DossierStage[]>> = (() => {
  const groups = {} as Record<StageTag, readonly DossierStage[]>;
  for (const tag of STAGE_TAGS) groups[tag] = STAGES.filter((s) => stageIn(s, tag));
  return groups;
})();

/** Recognised at some point: recognised, below standard, revoked (for "recognised on" in reports). */
export const isRecognisedOrAfter = (stage: string): boolean => stageIn(stage, 'recognisedOrAfter');
/** A decision has been issued: recognised, below standard, refused, revoked. */
export const isDecided = (stage: string): boolean => stageIn(stage, 'decided');
/** Nothing more can happen: refused, revoked. */
export const isFinal = (stage: string): boolean => stageIn(stage, 'final');
/** Recognised and under annual maintenance review: recognised, below standard. */
export const inMaintenance = (stage: string): boolean => stageIn(stage, 'maintenance');
/** With the commune: self-assessment, returned for supplementation. */
export const atCommune = (stage: string): boolean => stageIn(stage, 'atCommune');
