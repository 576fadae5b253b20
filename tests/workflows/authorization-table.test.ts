/**
 * Role × action × jurisdiction through the real workflow Update: every cell generated, the expectation
 * from the small SPEC below (data, independent of domain/access), the dossier sitting at district review.
 * Cells the rules allow are still refused by the machine here (by design of the probe commands), so the
 * whole table runs on one dossier without changing it — which the last assertion checks.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ROLES, type Actor, type Command, type CommandType, type Role } from '../../domain/dossier';
import { actUpdate, DEFAULT_MAINTENANCE, dossierWorkflowId, statusQuery } from '../../workflows/definitions';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { seedUnits } from '../support/people';
import { dossierFor } from '../support/plans';
import { officesFor, selfAssessAndSubmit } from '../support/pipeline';
import { startWorker, timeSkippingEnv } from '../support/temporal';

const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const DISTRICT = 'dien-bien/tuan-giao';
const PROVINCE = 'dien-bien';
type Where = 'own' | 'other';
const HOME: Record<Where, Record<'commune' | 'district' | 'province', string>> = {
  own: { commune: COMMUNE, district: DISTRICT, province: PROVINCE },
  other: { commune: 'dien-bien/muong-ang/ang-to', district: 'dien-bien/muong-ang', province: 'lai-chau' },
};
const HOME_LEVEL: Record<Exclude<Role, 'system'>, 'commune' | 'district' | 'province'> = {
  commune_official: 'commune',
  commune_chair: 'commune',
  commune_specialist: 'commune',
  district_specialist: 'district',
  district_office: 'district',
  district_chair: 'district',
  provincial_office: 'province',
  provincial_specialist: 'province',
  council_member: 'province',
  provincial_chair: 'province',
  inspector: 'province',
  admin: 'province',
};

/** Probe commands: each is refused by the machine at district review even when the person may act. */
const PROBES: Record<CommandType, Command> = {
  'self_assessment.recorded': { type: 'self_assessment.recorded', criterion: '1', met: true, indicatorValues: {}, evidence: [] },
  'self_assessment.batch': { type: 'self_assessment.batch', entries: [{ criterion: '1', met: true, indicatorValues: {}, evidence: [] }] },
  'consultation.recorded': { type: 'consultation.recorded', participants: 10, satisfactionPct: 90, evidence: [] },
  'commune.submitted': { type: 'commune.submitted', documents: [] },
  'commune.resubmitted': { type: 'commune.resubmitted', documents: [] },
  'criterion.reviewed': { type: 'criterion.reviewed', criterion: '1', verdict: 'met', documents: [] }, // already reviewed by KT_HT
  'review.batch': { type: 'review.batch', entries: [{ criterion: '1', verdict: 'met' }], documents: [] }, // already reviewed by KT_HT
  'level.returned': { type: 'level.returned', reasons: [{ criterion: '99', reason: 'x' }], documents: [] }, // unknown criterion
  'level.approved': { type: 'level.approved', documents: [] }, // reviews incomplete
  'level.forwarded': { type: 'level.forwarded', documents: [] },
  'council.voted': { type: 'council.voted', members: [{ id: 'a', name: 'A' }], inFavour: 1, against: 0, abstained: 0, documents: [] },
  'decision.drafted': { type: 'decision.drafted', number: '1/QĐ', date: '2027-10-01', signer: 'x', outcome: 'recognised', reasons: [] },
  'level.decided': { type: 'level.decided', number: '1/QĐ', date: '2027-10-01', signer: 'x', outcome: 'recognised', reasons: [], documents: [] },
  'maintenance.assessed': { type: 'maintenance.assessed', flagged: false, reasons: [], documents: [] },
  'recognition.revoked': { type: 'recognition.revoked', number: '1/QĐ', date: '2027-10-01', signer: 'x', reasons: ['x'], documents: [] },
};

/** SPEC: which (role, own jurisdiction) may send which command while the dossier is at the district. */
const MAY: Partial<Record<Role, CommandType[]>> = {
  commune_official: ['self_assessment.recorded', 'self_assessment.batch', 'consultation.recorded', 'commune.submitted', 'commune.resubmitted'],
  district_specialist: ['criterion.reviewed', 'review.batch'],
  district_office: ['level.returned', 'level.approved', 'level.forwarded', 'council.voted', 'decision.drafted', 'maintenance.assessed'],
  district_chair: ['level.decided', 'recognition.revoked'],
};
/** Roles whose commands the workflow refuses outright, whatever the unit. */
const NEVER: Role[] = ['council_member', 'inspector', 'admin'];
/** A commune may act as a level only where it is one (two-tier villages): here its level actions are out of jurisdiction. */
const COMMUNE_AS_LEVEL: CommandType[] = [
  'criterion.reviewed',
  'review.batch',
  'level.returned',
  'level.approved',
  'level.forwarded',
  'council.voted',
  'decision.drafted',
  'level.decided',
  'maintenance.assessed',
  'recognition.revoked',
];

function expected(role: Role, where: Where, command: CommandType): string {
  if (role === 'commune_official' && COMMUNE_AS_LEVEL.includes(command)) return 'AUTH.OUT_OF_JURISDICTION';
  // Two-tier commune roles: their level actions are out of jurisdiction where the commune is no level.
  if (role === 'commune_chair' && MAY.district_chair!.includes(command)) return 'AUTH.OUT_OF_JURISDICTION';
  if (role === 'commune_specialist' && (command === 'criterion.reviewed' || command === 'review.batch')) return 'AUTH.OUT_OF_JURISDICTION';
  const anyRole =
    Object.entries(MAY).some(([r, cs]) => r === role && cs.includes(command)) ||
    (role === 'provincial_office' && MAY.district_office!.includes(command)) ||
    (role === 'provincial_chair' && MAY.district_chair!.includes(command)) ||
    (role === 'provincial_specialist' && (command === 'criterion.reviewed' || command === 'review.batch'));
  if (NEVER.includes(role) || !anyRole) return 'AUTH.FORBIDDEN_ROLE';
  if (where === 'other' || role.startsWith('provincial_')) return 'AUTH.OUT_OF_JURISDICTION'; // the district holds the dossier now
  return 'DOSSIER.*';
}

let env: TestWorkflowEnvironment;
let t: TestDatabase;
beforeAll(async () => {
  env = await timeSkippingEnv();
  t = await createTestDatabase('sqlite');
  await seedUnits(t.db);
});
afterAll(async () => {
  await env?.teardown();
  await t?.drop();
});

it('refuses or admits every role × command × jurisdiction cell as the spec says, leaving the dossier untouched', async () => {
  const dossier = dossierFor(COMMUNE, 'commune.dat-chuan', 'commune-ntm-2021-2025', 2027);
  const id = dossierWorkflowId(dossier.dossierId);
  const h = await startWorker(env, t);
  await h.worker.runUntil(async () => {
    const handle = await env.client.workflow.start('dossierWorkflow', {
      taskQueue: h.taskQueue,
      workflowId: id,
      args: [{ dossier, deadlines: [], maintenance: DEFAULT_MAINTENANCE }],
    });
    const act = (actor: Actor, command: Command) => handle.executeUpdate(actUpdate, { args: [{ actor, command }] });
    await selfAssessAndSubmit(act, dossier);
    await act(officesFor(dossier).specialist('KT_HT', DISTRICT), PROBES['criterion.reviewed']);
    const before = await handle.query(statusQuery);

    const mismatches: string[] = [];
    let cells = 0;
    for (const role of ROLES.filter((r): r is Exclude<Role, 'system'> => r !== 'system')) {
      for (const where of ['own', 'other'] as const) {
        for (const type of Object.keys(PROBES) as CommandType[]) {
          const department = role.endsWith('_specialist') ? 'KT_HT' : undefined;
          const actor: Actor = { id: `${role}-${where}`, role, unitCode: HOME[where][HOME_LEVEL[role]], ...(department ? { department } : {}) };
          let code = 'ACCEPTED';
          try {
            await act(actor, PROBES[type]);
          } catch (e) {
            code = e instanceof WorkflowUpdateFailedError ? ((e.cause as { type?: string }).type ?? 'NO_TYPE') : 'THROWN';
          }
          const want = expected(role, where, type);
          const ok = want === 'DOSSIER.*' ? code.startsWith('DOSSIER.') : code === want;
          cells += 1;
          if (!ok) mismatches.push(`${role}/${where}/${type}: got ${code}, want ${want}`);
        }
      }
    }
    // 12 roles (13 less system) × 2 jurisdictions × 15 commands.
    expect(cells).toBe(12 * 2 * 15);
    expect(mismatches).toEqual([]);
    // Not-owned criterion by the owning level's specialist is refused as such.
    const tnmt = { id: 'tnmt', role: 'district_specialist' as const, unitCode: DISTRICT, department: 'TN_MT' };
    await expect(act(tnmt, PROBES['criterion.reviewed'])).rejects.toMatchObject({ cause: { type: 'AUTH.NOT_CRITERION_OWNER' } });
    expect((await handle.query(statusQuery)).seq).toBe(before.seq);
    await handle.terminate('test done');
  });
  await h.close();
  // 260 refusals through the real Update, one after another: about a minute on an idle 2-core machine,
  // three on a loaded one. The bound is on time only; every cell is still checked.
}, 600_000);
