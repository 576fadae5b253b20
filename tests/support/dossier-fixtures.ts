/** Shared builders for dossier events in tests: realistic actors, ids and times. */
import type { Actor, Command, DossierEvent, DossierInput, SystemEvent } from '../../domain/dossier';

export const DISTRICT = 'dien-bien/tuan-giao';
export const PROVINCE = 'dien-bien';
export const COMMUNE = 'dien-bien/tuan-giao/quai-cang';

export const actors = {
  commune: { id: 'u-commune', role: 'commune_official', unitCode: COMMUNE },
  kthh: { id: 'u-kthh', role: 'district_specialist', unitCode: DISTRICT, department: 'KT_HT' },
  nn: { id: 'u-nn', role: 'district_specialist', unitCode: DISTRICT, department: 'NN_PTNT' },
  tnmt: { id: 'u-tnmt', role: 'district_specialist', unitCode: DISTRICT, department: 'TN_MT' },
  districtOffice: { id: 'u-vpdp-huyen', role: 'district_office', unitCode: DISTRICT },
  provinceOffice: { id: 'u-vpdp-tinh', role: 'provincial_office', unitCode: PROVINCE },
  provinceChair: { id: 'u-ct-tinh', role: 'provincial_chair', unitCode: PROVINCE },
  system: { id: 'system', role: 'system', unitCode: PROVINCE },
} satisfies Record<string, Actor>;

export function smallInput(overrides: Partial<DossierInput> = {}): DossierInput {
  return {
    dossierId: 'dossier-test-1',
    unitCode: COMMUNE,
    title: 'commune.dat-chuan',
    planYear: 2024,
    criteriaSetId: 'commune-ntm-2021-2025',
    criteria: ['1', '2', '17'],
    levels: [
      {
        level: 'district',
        unitCode: DISTRICT,
        reviewers: [
          { criterion: '1', department: 'KT_HT' },
          { criterion: '2', department: 'KT_HT' },
          { criterion: '17', department: 'TN_MT' },
        ],
        council: false,
        decides: false,
      },
      { level: 'province', unitCode: PROVINCE, reviewers: [], council: true, decides: true },
    ],
    ...overrides,
  };
}

let counter = 0;
/** Builds an event with meta; `at` advances a minute per event so timelines are ordered. */
export function ev(cmd: Command | SystemEvent, actor: Actor, at?: string): DossierEvent {
  counter += 1;
  const when = at ?? new Date(Date.UTC(2024, 7, 1, 1, counter)).toISOString();
  return { ...cmd, meta: { eventId: `ev-${counter}`, at: when, actor } } as DossierEvent;
}

export const cmd = {
  assess: (criterion: string, met = true): Command => ({ type: 'self_assessment.recorded', criterion, met, indicatorValues: {}, evidence: [] }),
  consult: (pct = 95): Command => ({ type: 'consultation.recorded', participants: 420, satisfactionPct: pct, evidence: [] }),
  submit: (): Command => ({ type: 'commune.submitted', documents: [] }),
  review: (criterion: string, verdict: 'met' | 'not_met' | 'needs_supplement' = 'met'): Command => ({
    type: 'criterion.reviewed',
    criterion,
    verdict,
    documents: [],
  }),
  verified: (eligible: boolean, metCount = 3, total = 3): SystemEvent => ({
    type: 'criteria.verified',
    eligible,
    metCount,
    total,
    failing: eligible ? [] : [{ criterion: '17', reasonVi: 'Chưa đạt', reasonEn: 'Not met' }],
  }),
  ret: (criterion: string, reason = 'Bổ sung biên bản'): Command => ({ type: 'level.returned', reasons: [{ criterion, reason }], documents: [] }),
  resubmit: (): Command => ({ type: 'commune.resubmitted', documents: [] }),
  approve: (): Command => ({ type: 'level.approved', documents: [] }),
  forward: (): Command => ({ type: 'level.forwarded', documents: [] }),
  vote: (inFavour = 25, against = 0): Command => ({
    type: 'council.voted',
    members: Array.from({ length: inFavour + against }, (_, i) => ({ id: `m${i}`, name: `Thành viên ${i + 1}` })),
    inFavour,
    against,
    abstained: 0,
    documents: [],
  }),
  draft: (outcome: 'recognised' | 'refused' = 'recognised', reasons: string[] = []): Command => ({
    type: 'decision.drafted',
    number: '1358/QĐ-UBND',
    date: '2024-11-29',
    signer: 'Chủ tịch UBND tỉnh',
    outcome,
    reasons,
  }),
  decide: (outcome: 'recognised' | 'refused' = 'recognised', reasons: string[] = []): Command => ({
    type: 'level.decided',
    number: '1358/QĐ-UBND',
    date: '2024-11-29',
    signer: 'Chủ tịch UBND tỉnh',
    outcome,
    reasons,
    documents: [],
  }),
  assessMaintenance: (flagged: boolean): Command => ({
    type: 'maintenance.assessed',
    flagged,
    reasons: flagged ? ['Tiêu chí 10 không đạt'] : [],
    documents: [],
  }),
  revoke: (): Command => ({
    type: 'recognition.revoked',
    number: '99/QĐ-UBND',
    date: '2027-03-01',
    signer: 'Chủ tịch UBND tỉnh',
    reasons: ['Không duy trì tiêu chí'],
    documents: [],
  }),
  deadline: (stage: string, deadline = '2024-08-31'): SystemEvent => ({ type: 'deadline.expired', stage, deadline }),
};
