import { verifyAuditChain } from '../../store/audit-chain';
import {
  authenticate,
  createUser,
  generatePassword,
  grantRole,
  listGrants,
  openSession,
  revokeGrant,
  revokeSession,
  sessionPrincipal,
  tokenHash,
  type ChangeContext,
} from '../../app/accounts';
import { authorize, resolveActor } from '../../domain/access';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';

const DISTRICT = 'dien-bien/tuan-giao';
const COMMUNE = 'dien-bien/tuan-giao/quai-cang';
const T0 = new Date('2024-09-01T01:00:00.000Z');
const hours = (n: number) => new Date(T0.getTime() + n * 3_600_000);
const admin: ChangeContext = { actor: { id: 'u-admin', role: 'admin', unitCode: 'dien-bien' }, at: T0 };

describe.each(PROVIDERS)('identities on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const password = 'Quai-Cang-2024-ntm';
  let lanId = '';

  it('creates a user with an argon2id hash that never equals the password, and audits it', async () => {
    const r = await createUser(t.db, { username: 'Lan.TN', displayName: 'Lò Thị Lan', email: 'lan@tuangiao.gov.vn', password }, admin);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    lanId = r.value.id;
    expect(r.value.username).toBe('lan.tn');
    const row = await t.db.user.findUniqueOrThrow({ where: { id: lanId } });
    expect(row.passwordHash).not.toBe(password);
    expect(row.passwordHash).not.toContain(password);
    expect(row.passwordHash.startsWith('$argon2id$')).toBe(true);
    const audit = await t.db.auditRecord.findMany({ where: { action: 'user.created' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: 'u-admin', actorRole: 'admin', actorUnit: 'dien-bien' });
    expect(audit[0]!.after).toContain('lan.tn');
    expect(audit[0]!.after).not.toContain(password);
    expect(audit[0]!.after).not.toContain(row.passwordHash);
  });

  it('refuses a short password and a taken username, in Vietnamese and English', async () => {
    const weak = await createUser(t.db, { username: 'hoa', displayName: 'Hoa', password: 'ngan-qua' }, admin);
    expect(weak).toMatchObject({ ok: false, error: { code: 'AUTH.WEAK_PASSWORD' } });
    if (!weak.ok) {
      expect(weak.error.messageVi).toContain('ít nhất 10 ký tự');
      expect(weak.error.messageEn).toContain('at least 10 characters');
    }
    const taken = await createUser(t.db, { username: 'lan.tn', displayName: 'Lan khác', password: generatePassword() }, admin);
    expect(taken).toMatchObject({ ok: false, error: { code: 'USER.USERNAME_TAKEN' } });
    const bad = await createUser(t.db, { username: 'x', displayName: 'X', password: generatePassword() }, admin);
    expect(bad).toMatchObject({ ok: false, error: { code: 'USER.INVALID_INPUT', path: 'username' } });
  });

  it('signs in with the right password only; the session stores only the token hash', async () => {
    const wrong = await authenticate(t.db, 'lan.tn', 'not-the-password', T0, 12);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID_CREDENTIALS' } });
    const nobody = await authenticate(t.db, 'khong-co-ai', password, T0, 12);
    expect(nobody).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID_CREDENTIALS' } });
    if (!wrong.ok && !nobody.ok) expect(wrong.error.messageEn).toBe(nobody.error.messageEn);

    const r = await authenticate(t.db, 'LAN.TN', password, T0, 12);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Buffer.from(r.value.token, 'base64url')).toHaveLength(32);
    expect(r.value.expiresAt).toBe(hours(12).toISOString());
    const sessions = await t.db.session.findMany({ where: { userId: lanId } });
    expect(sessions.map((s) => s.tokenHash)).toEqual([tokenHash(r.value.token)]);
    expect(sessions[0]!.tokenHash).not.toContain(r.value.token);
  });

  it('resolves a session to the principal with its grants, refuses it once expired or revoked', async () => {
    const granted = await grantRole(t.db, { userId: lanId, role: 'district_specialist', unitCode: DISTRICT, department: 'TN_MT' }, admin);
    expect(granted.ok).toBe(true);
    const r = await authenticate(t.db, 'lan.tn', password, T0, 8);
    if (!r.ok) throw new Error('sign-in failed');
    const p = await sessionPrincipal(t.db, r.value.token, hours(1));
    expect(p).toMatchObject({ userId: lanId, grants: [{ role: 'district_specialist', unitCode: DISTRICT, department: 'TN_MT' }] });
    expect(await sessionPrincipal(t.db, r.value.token, hours(8))).toBeNull();
    expect(await sessionPrincipal(t.db, 'forged-token', hours(1))).toBeNull();
    const r2 = await authenticate(t.db, 'lan.tn', password, T0, 8);
    if (!r2.ok) throw new Error('sign-in failed');
    expect(await revokeSession(t.db, r2.value.token)).toBe(true);
    expect(await sessionPrincipal(t.db, r2.value.token, hours(1))).toBeNull();
  });

  it('validates grants: specialists need a department, others take none, system is not grantable', async () => {
    expect(await grantRole(t.db, { userId: lanId, role: 'district_specialist', unitCode: DISTRICT }, admin)).toMatchObject({
      ok: false,
      error: { code: 'USER.INVALID_GRANT', path: 'department' },
    });
    expect(await grantRole(t.db, { userId: lanId, role: 'district_office', unitCode: DISTRICT, department: 'KT_HT' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'USER.INVALID_GRANT', path: 'department' },
    });
    expect(await grantRole(t.db, { userId: lanId, role: 'system', unitCode: DISTRICT }, admin)).toMatchObject({ ok: false, error: { path: 'role' } });
    expect(await grantRole(t.db, { userId: 'no-such-user', role: 'inspector', unitCode: DISTRICT }, admin)).toMatchObject({
      ok: false,
      error: { code: 'USER.NOT_FOUND' },
    });
  });

  it('records a delegation for a period; the delegate acts on behalf of the delegator, and not after', async () => {
    const chair = await createUser(t.db, { username: 'chu-tich', displayName: 'Chủ tịch UBND huyện', password: generatePassword() }, admin);
    const deputy = await createUser(t.db, { username: 'pho-chu-tich', displayName: 'Phó Chủ tịch', password: generatePassword() }, admin);
    if (!chair.ok || !deputy.ok) throw new Error('setup');
    await grantRole(t.db, { userId: chair.value.id, role: 'district_chair', unitCode: DISTRICT }, admin);
    // Not held by the delegator → refused.
    const notHeld = await grantRole(
      t.db,
      { userId: deputy.value.id, role: 'district_chair', unitCode: 'dien-bien/muong-ang', delegatedBy: chair.value.id, validTo: hours(240) },
      admin,
    );
    expect(notHeld).toMatchObject({ ok: false, error: { code: 'USER.DELEGATION_NOT_HELD' } });
    // Without an end → refused.
    const open = await grantRole(t.db, { userId: deputy.value.id, role: 'district_chair', unitCode: DISTRICT, delegatedBy: chair.value.id }, admin);
    expect(open).toMatchObject({ ok: false, error: { code: 'USER.INVALID_GRANT', path: 'validTo' } });

    const d = await grantRole(
      t.db,
      { userId: deputy.value.id, role: 'district_chair', unitCode: DISTRICT, delegatedBy: chair.value.id, validFrom: T0, validTo: hours(240) },
      admin,
    );
    expect(d.ok).toBe(true);
    const p = await sessionPrincipal(t.db, await sessionFor(deputy.value.id), hours(1));
    const request = {
      action: 'level.decided' as const,
      at: hours(2).toISOString(),
      dossier: { unitCode: `${COMMUNE}/ban-co-muc`, levelUnitCodes: [DISTRICT] },
    };
    expect(resolveActor(p!, request)).toEqual({
      ok: true,
      value: { id: deputy.value.id, role: 'district_chair', unitCode: DISTRICT, onBehalfOf: chair.value.id },
    });
    expect(authorize(p!, { ...request, at: hours(241).toISOString() })?.code).toBe('AUTH.GRANT_EXPIRED');
  });

  async function sessionFor(userId: string, at = T0): Promise<string> {
    return (await openSession(t.db, userId, at, 24)).token;
  }

  it('revokes a grant by ending it now, audited with before and after', async () => {
    const grants = await listGrants(t.db, { userId: lanId });
    expect(grants).toHaveLength(1);
    const later: ChangeContext = { ...admin, at: hours(48), comment: 'Chuyển công tác' };
    const r = await revokeGrant(t.db, grants[0]!.id, later);
    expect(r).toMatchObject({ ok: true, value: { validTo: hours(48).toISOString() } });
    expect(await listGrants(t.db, { userId: lanId, activeAt: hours(49) })).toEqual([]);
    expect(await listGrants(t.db, { userId: lanId, activeAt: hours(47) })).toHaveLength(1);
    const rec = await t.db.auditRecord.findFirstOrThrow({ where: { action: 'role.revoked' } });
    expect(JSON.parse(rec.before!)).toMatchObject({ role: 'district_specialist', validTo: null });
    expect(JSON.parse(rec.after!)).toMatchObject({ validTo: hours(48).toISOString() });
    expect(rec.comment).toBe('Chuyển công tác');
    // The revoked grant now refuses with "expired".
    const p = await sessionPrincipal(t.db, await sessionFor(lanId, hours(49)), hours(50));
    const e = authorize(p!, {
      action: 'criterion.reviewed',
      at: hours(50).toISOString(),
      criterion: '17',
      dossier: { unitCode: COMMUNE, levelUnitCodes: [DISTRICT, 'dien-bien'], reviewers: [{ criterion: '17', department: 'TN_MT' }] },
    });
    expect(e).toMatchObject({ code: 'AUTH.GRANT_EXPIRED' });
    expect(e!.messageEn).toContain('has expired');
  });

  it('every identity change is in the audit chain, which verifies clean', async () => {
    const actions = (await t.db.auditRecord.findMany({ orderBy: { seq: 'asc' } })).map((r) => r.action);
    expect(actions.filter((a) => a === 'user.created')).toHaveLength(3);
    expect(actions.filter((a) => a === 'role.granted')).toHaveLength(3);
    expect(actions.filter((a) => a === 'role.revoked')).toHaveLength(1);
    // Failed sign-ins are audited too (issue 17): the two refusals above.
    const failed = actions.filter((a) => a === 'auth.sign_in_failed').length;
    expect(failed).toBe(2);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, records: 7 + failed });
  });

  it('a disabled account neither signs in nor keeps its sessions', async () => {
    const token = await sessionFor(lanId);
    await t.db.user.update({ where: { id: lanId }, data: { active: false } });
    expect(await authenticate(t.db, 'lan.tn', password, T0, 1)).toMatchObject({ ok: false, error: { code: 'AUTH.ACCOUNT_DISABLED' } });
    expect(await sessionPrincipal(t.db, token, hours(1))).toBeNull();
  });
});
