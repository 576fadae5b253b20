/**
 * The authorization matrix, every cell: role × action × jurisdiction × criterion ownership × grant
 * validity. Cells are generated from the role and action vocabularies; the expected answer comes from
 * the hand-written SPEC below (data, not a call into domain/access), so a change to the rules that is not
 * also made here fails.
 */
import { ACCESS_ACTIONS, ACTION_LABELS, authorize, type AccessAction, type AccessRequest, type Principal } from '../../domain/access';
import { ROLES, type Role } from '../../domain/dossier/types';

type Where = 'own' | 'village' | 'sameDistrict' | 'otherDistrict' | 'otherProvince';
type Ownership = 'owned' | 'notOwned';
type Validity = 'valid' | 'expired' | 'notYet';
const WHERE: Where[] = ['own', 'village', 'sameDistrict', 'otherDistrict', 'otherProvince'];
const OWNERSHIP: Ownership[] = ['owned', 'notOwned'];
const VALIDITY: Validity[] = ['valid', 'expired', 'notYet'];

const PROVINCE = 'dien-bien';
const DISTRICT = 'dien-bien/tuan-giao';
const COMMUNE = 'dien-bien/tuan-giao/quai-cang';

/** The dossier (or unit) each jurisdiction case is about, in the seeds' three-tier world. */
const TARGET: Record<Where, { unitCode: string; levelUnitCodes: string[] }> = {
  own: { unitCode: COMMUNE, levelUnitCodes: [DISTRICT, PROVINCE] },
  // A village dossier: the district appraises and recognises; the province is not a level.
  village: { unitCode: `${COMMUNE}/ban-co-muc`, levelUnitCodes: [DISTRICT] },
  sameDistrict: { unitCode: 'dien-bien/tuan-giao/quai-nua', levelUnitCodes: [DISTRICT, PROVINCE] },
  otherDistrict: { unitCode: 'dien-bien/muong-ang/ang-to', levelUnitCodes: ['dien-bien/muong-ang', PROVINCE] },
  otherProvince: { unitCode: 'lai-chau/tam-duong/ban-giang', levelUnitCodes: ['lai-chau/tam-duong', 'lai-chau'] },
};

// Reach written out by hand per kind of scope.
const COMMUNE_REACH: Where[] = ['own', 'village'];
const DISTRICT_REACH: Where[] = ['own', 'village', 'sameDistrict'];
/** Provincial roles acting as a level: the village dossier never reaches the province. */
const PROVINCE_LEVEL_REACH: Where[] = ['own', 'sameDistrict', 'otherDistrict'];
const PROVINCE_READ_REACH: Where[] = ['own', 'village', 'sameDistrict', 'otherDistrict'];
const NOWHERE: Where[] = [];

const READS = (reach: Where[]) => ({ 'dossier.read': reach, 'audit.read': reach, 'report.read': reach, 'document.read': reach });
/** Issue 15: uploading a document reaches as far as reading the dossier does. */
const UPLOAD = (reach: Where[]) => ({ 'document.upload': reach });

/**
 * SPEC: each role's home unit (and department), and for each action it may take, where it may take it.
 * An action not listed: AUTH.FORBIDDEN_ROLE. Listed but the case is not in its list: AUTH.OUT_OF_JURISDICTION.
 * criterion.reviewed on a criterion the department does not own: AUTH.NOT_CRITERION_OWNER.
 */
const SPEC: Record<Role, { home: string; department?: string; may: Partial<Record<AccessAction, Where[]>> }> = {
  commune_official: {
    home: COMMUNE,
    may: {
      'self_assessment.recorded': COMMUNE_REACH,
      'self_assessment.batch': COMMUNE_REACH,
      'consultation.recorded': COMMUNE_REACH,
      'commune.submitted': COMMUNE_REACH,
      'commune.resubmitted': COMMUNE_REACH,
      // Level actions only where the commune is itself a level (two-tier villages): never here.
      'criterion.reviewed': NOWHERE,
      'review.batch': NOWHERE,
      'level.returned': NOWHERE,
      'level.approved': NOWHERE,
      'level.forwarded': NOWHERE,
      'council.voted': NOWHERE,
      'decision.drafted': NOWHERE,
      'level.decided': NOWHERE,
      'maintenance.assessed': NOWHERE,
      'recognition.revoked': NOWHERE,
      'dossier.start': NOWHERE,
      ...READS(COMMUNE_REACH),
      ...UPLOAD(COMMUNE_REACH),
    },
  },
  // Two-tier roles: level actions only where the commune is itself a level (two-tier villages), never
  // in this three-tier table; they read (and attach papers to) their commune's dossiers.
  commune_chair: {
    home: COMMUNE,
    may: { 'level.decided': NOWHERE, 'recognition.revoked': NOWHERE, ...READS(COMMUNE_REACH), ...UPLOAD(COMMUNE_REACH) },
  },
  commune_specialist: {
    home: COMMUNE,
    department: 'TN_MT',
    may: { 'criterion.reviewed': NOWHERE, 'review.batch': NOWHERE, ...READS(COMMUNE_REACH), ...UPLOAD(COMMUNE_REACH) },
  },
  district_specialist: {
    home: DISTRICT,
    department: 'TN_MT',
    may: { 'criterion.reviewed': DISTRICT_REACH, 'review.batch': DISTRICT_REACH, ...READS(DISTRICT_REACH), ...UPLOAD(DISTRICT_REACH) },
  },
  provincial_specialist: {
    home: PROVINCE,
    department: 'TN_MT',
    may: { 'criterion.reviewed': PROVINCE_LEVEL_REACH, 'review.batch': PROVINCE_LEVEL_REACH, ...READS(PROVINCE_READ_REACH), ...UPLOAD(PROVINCE_READ_REACH) },
  },
  district_office: {
    home: DISTRICT,
    may: {
      'level.returned': DISTRICT_REACH,
      'level.approved': DISTRICT_REACH,
      'level.forwarded': DISTRICT_REACH,
      'council.voted': DISTRICT_REACH,
      'decision.drafted': DISTRICT_REACH,
      'maintenance.assessed': DISTRICT_REACH,
      'dossier.start': DISTRICT_REACH,
      'plan.manage': DISTRICT_REACH,
      ...READS(DISTRICT_REACH),
      ...UPLOAD(DISTRICT_REACH),
    },
  },
  district_chair: {
    home: DISTRICT,
    may: { 'level.decided': DISTRICT_REACH, 'recognition.revoked': DISTRICT_REACH, ...READS(DISTRICT_REACH), ...UPLOAD(DISTRICT_REACH) },
  },
  provincial_office: {
    home: PROVINCE,
    may: {
      'level.returned': PROVINCE_LEVEL_REACH,
      'level.approved': PROVINCE_LEVEL_REACH,
      'level.forwarded': PROVINCE_LEVEL_REACH,
      'council.voted': PROVINCE_LEVEL_REACH,
      'decision.drafted': PROVINCE_LEVEL_REACH,
      'maintenance.assessed': PROVINCE_LEVEL_REACH,
      'dossier.start': PROVINCE_LEVEL_REACH,
      'plan.manage': PROVINCE_READ_REACH,
      ...READS(PROVINCE_READ_REACH),
      ...UPLOAD(PROVINCE_READ_REACH),
    },
  },
  provincial_chair: {
    home: PROVINCE,
    may: {
      'level.decided': PROVINCE_LEVEL_REACH,
      'recognition.revoked': PROVINCE_LEVEL_REACH,
      ...READS(PROVINCE_READ_REACH),
      ...UPLOAD(PROVINCE_READ_REACH),
    },
  },
  council_member: { home: PROVINCE, may: { ...READS(PROVINCE_READ_REACH) } },
  inspector: { home: DISTRICT, may: { ...READS(DISTRICT_REACH) } },
  admin: { home: PROVINCE, may: { 'user.manage': PROVINCE_READ_REACH } },
  system: { home: PROVINCE, may: {} },
};

/** Actions addressed to a unit rather than to a dossier. */
const UNIT_TARGETED: AccessAction[] = ['report.read', 'plan.manage', 'user.manage'];
const AT = '2024-09-15T03:00:00.000Z';
const PERIODS: Record<Validity, { validFrom?: string; validTo?: string }> = {
  valid: { validFrom: '2024-01-01T00:00:00.000Z', validTo: '2024-12-31T16:59:59.999Z' },
  expired: { validFrom: '2023-01-01T00:00:00.000Z', validTo: '2024-09-15T02:59:59.999Z' },
  notYet: { validFrom: '2024-09-15T03:00:00.001Z' },
};

function expected(role: Role, action: AccessAction, where: Where, own: Ownership, validity: Validity): string {
  const reach = SPEC[role].may[action];
  if (reach === undefined) return 'AUTH.FORBIDDEN_ROLE';
  if (!reach.includes(where)) return 'AUTH.OUT_OF_JURISDICTION';
  if (action === 'criterion.reviewed' && own === 'notOwned') return 'AUTH.NOT_CRITERION_OWNER';
  return validity === 'valid' ? 'allowed' : 'AUTH.GRANT_EXPIRED';
}

function cell(role: Role, action: AccessAction, where: Where, own: Ownership, validity: Validity): { principal: Principal; request: AccessRequest } {
  const spec = SPEC[role];
  const principal: Principal = {
    userId: `u-${role}`,
    grants: [{ role, unitCode: spec.home, ...(spec.department ? { department: spec.department } : {}), ...PERIODS[validity] }],
  };
  const t = TARGET[where];
  const request: AccessRequest = UNIT_TARGETED.includes(action)
    ? { action, at: AT, unitCode: t.unitCode }
    : {
        action,
        at: AT,
        dossier: {
          ...t,
          reviewers: [
            { criterion: '17', department: 'TN_MT' },
            { criterion: '2', department: 'KT_HT' },
          ],
        },
        criterion: own === 'owned' ? '17' : '2',
      };
  return { principal, request };
}

let cells = 0;
describe.each(ROLES.map((r) => [r]))('role %s', (role) => {
  it.each(ACCESS_ACTIONS.map((a) => [a]))('%s: allowed or refused with the expected code in every jurisdiction, ownership and validity case', (action) => {
    const mismatches: string[] = [];
    for (const where of WHERE) {
      for (const own of OWNERSHIP) {
        for (const validity of VALIDITY) {
          const { principal, request } = cell(role, action, where, own, validity);
          const refusal = authorize(principal, request);
          const got = refusal ? refusal.code : 'allowed';
          const want = expected(role, action, where, own, validity);
          cells += 1;
          if (got !== want) mismatches.push(`${where}/${own}/${validity}: got ${got}, want ${want}${refusal ? ` (${refusal.messageEn})` : ''}`);
          if (refusal) {
            // Every refusal is bilingual and names the action in words; its code only in the details.
            expect(refusal.messageVi).toContain(ACTION_LABELS[action].vi);
            expect(refusal.messageEn).toContain(ACTION_LABELS[action].en);
            expect(refusal.messageVi).not.toContain(action);
            expect(refusal.messageEn).not.toContain(action);
            expect(refusal.details).toMatchObject({ action });
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

afterAll(() => {
  // 13 roles × 21 actions × 5 jurisdictions × 2 ownerships × 3 validities.
  expect(cells).toBe(ROLES.length * ACCESS_ACTIONS.length * WHERE.length * OWNERSHIP.length * VALIDITY.length);
});
