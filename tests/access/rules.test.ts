import fc from 'fast-check';
import { ACCESS_ACTIONS, COMMAND_ACTIONS, authorize, isWithinUnit, resolveActor, type Principal } from '../../domain/access';
import { ROLES } from '../../domain/dossier/types';

const PROVINCE = 'dien-bien';
const DISTRICT = 'dien-bien/tuan-giao';
const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const AT = '2024-09-15T03:00:00.000Z';
const communeDossier = {
  unitCode: COMMUNE,
  levelUnitCodes: [DISTRICT, PROVINCE],
  reviewers: [
    { criterion: '17', department: 'TN_MT' },
    { criterion: '2', department: 'KT_HT' },
  ],
};

describe('unit containment by code path', () => {
  it('treats a unit as inside itself and inside its ancestors only', () => {
    expect(isWithinUnit(COMMUNE, COMMUNE)).toBe(true);
    expect(isWithinUnit(COMMUNE, DISTRICT)).toBe(true);
    expect(isWithinUnit(COMMUNE, PROVINCE)).toBe(true);
    expect(isWithinUnit(DISTRICT, COMMUNE)).toBe(false);
  });
  it('does not mistake a name prefix for an ancestor', () => {
    expect(isWithinUnit('dien-bien-dong/xa-a', 'dien-bien')).toBe(false);
    expect(isWithinUnit('dien-bien/tuan-giao-moi', DISTRICT)).toBe(false);
  });
});

describe('delegation (ủy quyền)', () => {
  const deputy: Principal = {
    userId: 'u-pho-chu-tich',
    grants: [
      { role: 'district_office', unitCode: DISTRICT },
      {
        role: 'district_chair',
        unitCode: DISTRICT,
        delegatedBy: 'u-chu-tich',
        validFrom: '2024-09-01T00:00:00.000+07:00',
        validTo: '2024-09-30T23:59:59.999+07:00',
      },
    ],
  };
  const villageDecision = { action: 'level.decided' as const, at: AT, dossier: { unitCode: `${COMMUNE}/ban-co-muc`, levelUnitCodes: [DISTRICT] } };

  it('acts in the delegator’s role and names the delegator as onBehalfOf', () => {
    const r = resolveActor(deputy, villageDecision);
    expect(r).toEqual({ ok: true, value: { id: 'u-pho-chu-tich', role: 'district_chair', unitCode: DISTRICT, onBehalfOf: 'u-chu-tich' } });
  });

  it('prefers the person’s own grant when it suffices (no onBehalfOf)', () => {
    const r = resolveActor(deputy, { ...villageDecision, action: 'level.approved' });
    expect(r).toEqual({ ok: true, value: { id: 'u-pho-chu-tich', role: 'district_office', unitCode: DISTRICT } });
  });

  it('stops counting the delegation after its period, with AUTH.GRANT_EXPIRED naming the period', () => {
    const e = authorize(deputy, { ...villageDecision, at: '2024-10-01T01:00:00.000Z' });
    expect(e?.code).toBe('AUTH.GRANT_EXPIRED');
    expect(e?.messageVi).toContain('hết hiệu lực');
    expect(e?.messageEn).toContain('expired');
    expect(e?.details).toMatchObject({ role: 'district_chair', unitCode: DISTRICT, validTo: '2024-09-30T23:59:59.999+07:00' });
  });

  it('does not count before its period either', () => {
    const e = authorize(deputy, { ...villageDecision, at: '2024-08-31T16:59:59.000Z' });
    expect(e?.code).toBe('AUTH.GRANT_EXPIRED');
    expect(e?.messageEn).toContain('not yet in force');
  });

  it('counts on both bounds of the period (closed interval)', () => {
    expect(authorize(deputy, { ...villageDecision, at: '2024-08-31T17:00:00.000Z' })).toBeNull();
    expect(authorize(deputy, { ...villageDecision, at: '2024-09-30T16:59:59.999Z' })).toBeNull();
  });
});

describe('jurisdiction details', () => {
  const office: Principal = { userId: 'u-vp', grants: [{ role: 'district_office', unitCode: DISTRICT }] };

  it('refuses a district office once the dossier is held by the province', () => {
    const e = authorize(office, { action: 'level.returned', at: AT, dossier: { ...communeDossier, levelUnitCode: PROVINCE } });
    expect(e?.code).toBe('AUTH.OUT_OF_JURISDICTION');
    expect(e?.messageEn).toContain('now at level "dien-bien"');
  });

  it('lets a commune official approve and decide a village dossier where the commune is the level (two-tier)', () => {
    const official: Principal = { userId: 'u-xa', grants: [{ role: 'commune_official', unitCode: 'lai-chau/ban-giang' }] };
    const dossier = { unitCode: 'lai-chau/ban-giang/ban-na-ban', levelUnitCodes: ['lai-chau/ban-giang'] };
    expect(authorize(official, { action: 'level.approved', at: AT, dossier })).toBeNull();
    expect(authorize(official, { action: 'level.decided', at: AT, dossier })).toBeNull();
    expect(authorize(official, { action: 'commune.submitted', at: AT, dossier })).toBeNull();
  });

  it('refuses a review when the level’s reviewer slots are unknown (ownership cannot be shown)', () => {
    const tnmt: Principal = { userId: 'u-tnmt', grants: [{ role: 'district_specialist', unitCode: DISTRICT, department: 'TN_MT' }] };
    const e = authorize(tnmt, { action: 'criterion.reviewed', at: AT, criterion: '17', dossier: { unitCode: COMMUNE, levelUnitCodes: [DISTRICT, PROVINCE] } });
    expect(e?.code).toBe('AUTH.NOT_CRITERION_OWNER');
    expect(e?.messageEn).toContain('(unknown)');
  });

  it('names role, unit and action in both languages', () => {
    const xa: Principal = { userId: 'u-xa', grants: [{ role: 'commune_official', unitCode: COMMUNE }] };
    const e = authorize(xa, {
      action: 'commune.submitted',
      at: AT,
      dossier: { unitCode: 'dien-bien/tuan-giao/quai-nua', levelUnitCodes: [DISTRICT, PROVINCE] },
    });
    expect(e?.code).toBe('AUTH.OUT_OF_JURISDICTION');
    expect(e?.messageVi).toContain('Cán bộ phụ trách NTM xã');
    expect(e?.messageVi).toContain(COMMUNE);
    expect(e?.messageVi).toContain('nộp hồ sơ');
    expect(e?.messageVi).toContain('quai-nua');
    expect(e?.messageEn).toContain('Commune NTM official');
    expect(e?.messageEn).toContain('submit the dossier');
  });

  it('reports the refusal of the grant that came closest', () => {
    const p: Principal = {
      userId: 'u-multi',
      grants: [
        { role: 'inspector', unitCode: PROVINCE },
        { role: 'district_specialist', unitCode: 'dien-bien/muong-ang', department: 'TN_MT' },
        { role: 'district_specialist', unitCode: DISTRICT, department: 'KT_HT' },
      ],
    };
    expect(authorize(p, { action: 'criterion.reviewed', at: AT, criterion: '17', dossier: communeDossier })?.code).toBe('AUTH.NOT_CRITERION_OWNER');
  });

  it('refuses a principal without grants and a malformed request', () => {
    expect(authorize({ userId: 'u-nobody', grants: [] }, { action: 'dossier.read', at: AT, unitCode: COMMUNE })?.code).toBe('AUTH.FORBIDDEN_ROLE');
    expect(
      authorize({ userId: 'u', grants: [{ role: 'inspector', unitCode: PROVINCE }] }, { action: 'dossier.read', at: 'yesterday', unitCode: COMMUNE })?.code,
    ).toBe('AUTH.INVALID_REQUEST');
    expect(authorize({ userId: 'u', grants: [{ role: 'inspector', unitCode: PROVINCE }] }, { action: 'dossier.burn' as never, at: AT })?.code).toBe(
      'AUTH.INVALID_REQUEST',
    );
  });
});

describe('separation of duties (properties over arbitrary grants and targets)', () => {
  const unit = fc.constantFrom(PROVINCE, DISTRICT, COMMUNE, `${COMMUNE}/ban-co-muc`, 'dien-bien/muong-ang', 'lai-chau');
  const request = fc.record({
    action: fc.constantFrom(...ACCESS_ACTIONS),
    unitCode: unit,
    levels: fc.subarray([PROVINCE, DISTRICT, COMMUNE, 'dien-bien/muong-ang', 'lai-chau']),
    criterion: fc.constantFrom('2', '17'),
  });

  it('admin, inspector, council member and system never change a dossier', () => {
    fc.assert(
      fc.property(fc.constantFrom('admin', 'inspector', 'council_member', 'system' as const), unit, request, (role, home, r) => {
        const p: Principal = { userId: 'u', grants: [{ role, unitCode: home, department: 'TN_MT' }] };
        const e = authorize(p, {
          action: r.action,
          at: AT,
          unitCode: r.unitCode,
          criterion: r.criterion,
          dossier: { unitCode: r.unitCode, levelUnitCodes: r.levels, reviewers: [{ criterion: r.criterion, department: 'TN_MT' }] },
        });
        if ((COMMAND_ACTIONS as readonly string[]).includes(r.action) || r.action === 'dossier.start') {
          expect(e?.code).toBe('AUTH.FORBIDDEN_ROLE');
        }
      }),
    );
  });

  it('nobody but admin manages users, and only inside the admin’s unit', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), unit, unit, (role, home, target) => {
        const e = authorize({ userId: 'u', grants: [{ role, unitCode: home }] }, { action: 'user.manage', at: AT, unitCode: target });
        const allowed = role === 'admin' && (target === home || target.startsWith(`${home}/`));
        expect(e === null).toBe(allowed);
      }),
    );
  });
});
