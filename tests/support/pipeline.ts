/** Drives a commune dossier through the whole pipeline by its Updates, as the offices would. */
import type { Actor, Command, DossierInput, DossierStatus } from '../../domain/dossier';

export type Act = (actor: Actor, command: Command) => Promise<DossierStatus>;

export function officesFor(dossier: DossierInput) {
  const district = dossier.levels.find((l) => l.level === 'district')?.unitCode;
  const province = dossier.levels.find((l) => l.level === 'province')!.unitCode;
  return {
    commune: { id: 'can-bo-xa', role: 'commune_official', unitCode: dossier.submitterUnitCode ?? dossier.unitCode } as Actor,
    districtOffice: district ? ({ id: 'vpdp-huyen', role: 'district_office', unitCode: district } as Actor) : undefined,
    specialist: (department: string, unitCode: string): Actor => ({
      id: `cv-${department.toLowerCase()}`,
      role: unitCode === province ? 'provincial_specialist' : 'district_specialist',
      unitCode,
      department,
    }),
    provinceOffice: { id: 'vpdp-tinh', role: 'provincial_office', unitCode: province } as Actor,
    provinceChair: { id: 'chu-tich-tinh', role: 'provincial_chair', unitCode: province } as Actor,
  };
}

export async function selfAssessAndSubmit(act: Act, dossier: DossierInput): Promise<DossierStatus> {
  const o = officesFor(dossier);
  for (const c of dossier.criteria) await act(o.commune, { type: 'self_assessment.recorded', criterion: c, met: true, indicatorValues: {}, evidence: [] });
  await act(o.commune, { type: 'consultation.recorded', participants: 300, satisfactionPct: 95, evidence: [] });
  return act(o.commune, { type: 'commune.submitted', documents: [] });
}

/** From a submitted dossier to the recognition decision: every review 'met', every level approving. */
export async function reviewToRecognition(act: Act, dossier: DossierInput, submitted: DossierStatus, decisionNumber = '1358/QĐ-UBND'): Promise<DossierStatus> {
  const o = officesFor(dossier);
  let s = submitted;
  for (;;) {
    for (const slot of s.pendingReviews) {
      s = await act(o.specialist(slot.department, s.levelUnitCode), { type: 'criterion.reviewed', criterion: slot.criterion, verdict: 'met', documents: [] });
    }
    const office = s.level === 'district' ? o.districtOffice! : o.provinceOffice;
    s = await act(office, { type: 'level.approved', documents: [] });
    if (s.awaiting[0]?.action !== 'level.forwarded') break;
    s = await act(office, { type: 'level.forwarded', documents: [] });
  }
  const members = Array.from({ length: 25 }, (_, i) => ({ id: `hd-${i + 1}`, name: `Thành viên ${i + 1}` }));
  await act(o.provinceOffice, { type: 'council.voted', members, inFavour: 25, against: 0, abstained: 0, documents: [] });
  await act(o.provinceOffice, {
    type: 'decision.drafted',
    number: decisionNumber,
    date: '2027-11-29',
    signer: 'Chủ tịch UBND tỉnh',
    outcome: 'recognised',
    reasons: [],
  });
  return act(o.provinceChair, {
    type: 'level.decided',
    number: decisionNumber,
    date: '2027-11-29',
    signer: 'Chủ tịch UBND tỉnh',
    outcome: 'recognised',
    reasons: [],
    documents: [],
  });
}
