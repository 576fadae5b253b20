/**
 * Sign-in throttling and lockout (OWASP ASVS V2.2), password change and reset, on a real SQLite file and
 * a real PostgreSQL: a growing delay per account and per client address, a lockout after N failures that
 * only an administrator lifts, every failure, lockout, unlock and reset in the audit chain.
 */
import {
  authenticate,
  changePassword,
  createUser,
  resetPassword,
  sessionPrincipal,
  signInLock,
  throttleDelayMs,
  unlockAccount,
  DEFAULT_THROTTLE,
  type ChangeContext,
  type ThrottlePolicy,
} from '../../app/accounts';
import { verifyAuditChain } from '../../store/audit-chain';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';

const T0 = new Date('2026-03-02T01:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const admin: ChangeContext = { actor: { id: 'u-admin', role: 'admin', unitCode: 'dien-bien' }, at: T0, comment: 'test' };
const PASSWORD = 'mat-khau-dung-2026';
const POLICY: ThrottlePolicy = { ...DEFAULT_THROTTLE, freeFailures: 3, lockoutFailures: 6, ipFreeFailures: 5, delayBaseSeconds: 1, delayMaxSeconds: 60 };

it('doubles the delay after the free failures, up to the maximum', () => {
  const d = (n: number) => throttleDelayMs(n, 3, { delayBaseSeconds: 1, delayMaxSeconds: 60 });
  expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(d)).toEqual([0, 0, 0, 1000, 2000, 4000, 8000, 16000, 60000]);
});

describe.each(PROVIDERS)('sign-in throttling on %s', (provider) => {
  let t: TestDatabase;
  let n = 0;
  const fresh = async () => {
    const username = `nguoi.dung${++n}`;
    const u = await createUser(t.db, { username, displayName: `Người dùng ${n}`, password: PASSWORD }, admin);
    if (!u.ok) throw new Error(u.error.messageEn);
    return { username, id: u.value.id };
  };
  const auditOf = async (action: string, username: string) =>
    (await t.db.auditRecord.findMany({ where: { action }, orderBy: { seq: 'asc' } })).filter((r) => JSON.parse(r.after ?? '{}').username === username);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('refuses the right password after eight wrong ones (AUTH.THROTTLED, retry-after), and accepts it once the delay has passed', async () => {
    const { username } = await fresh();
    let clock = 0;
    for (let i = 0; i < 8; i++) {
      const r = await authenticate(t.db, username, 'sai-mat-khau-roi', at(clock), 8, { policy: { ...POLICY, lockoutFailures: 10 } });
      expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID_CREDENTIALS' } });
      clock += 60; // each wrong attempt waits out the previous delay
    }
    clock -= 60;
    const early = await authenticate(t.db, username, PASSWORD, at(clock + 1), 8, { policy: { ...POLICY, lockoutFailures: 10 } });
    expect(early.ok).toBe(false);
    if (early.ok) return;
    expect(early.error.code).toBe('AUTH.THROTTLED');
    expect(early.error.messageVi).toMatch(/thử lại sau \d+ giây/);
    expect(early.error.messageEn).toMatch(/try again in \d+ s/);
    expect(early.error.details?.retryAfterSeconds).toBe(15); // 8 failures, 3 free: 16 s after the last, 1 s gone
    const later = await authenticate(t.db, username, PASSWORD, at(clock + 16), 8, { policy: { ...POLICY, lockoutFailures: 10 } });
    expect(later.ok).toBe(true);
    expect(await signInLock(t.db, username)).toBeNull(); // success clears the account's count
    expect(await auditOf('auth.sign_in_failed', username)).toHaveLength(8);
  });

  it('locks an account after N failures, even against the right password, until an administrator unlocks it (audited)', async () => {
    const { username } = await fresh();
    let clock = 0;
    for (let i = 0; i < POLICY.lockoutFailures; i++) {
      const r = await authenticate(t.db, username, `sai-${i}-mat-khau`, at(clock), 8, { policy: POLICY });
      expect(r.ok).toBe(false);
      clock += 120;
    }
    expect((await signInLock(t.db, username))?.lockedAt).not.toBeNull();
    const right = await authenticate(t.db, username, PASSWORD, at(clock + 3600 * 24), 8, { policy: POLICY });
    expect(right).toMatchObject({ ok: false, error: { code: 'AUTH.LOCKED' } });
    if (!right.ok) expect(right.error.messageVi).toMatch(/quản trị viên/);
    expect(await auditOf('auth.locked', username)).toHaveLength(1);

    const unlocked = await unlockAccount(t.db, username, { ...admin, at: at(clock + 3600 * 24) });
    expect(unlocked).toMatchObject({ ok: true, value: { wasLocked: true, failures: POLICY.lockoutFailures } });
    const unlockAudit = await t.db.auditRecord.findMany({ where: { action: 'auth.unlocked' } });
    expect(unlockAudit.some((r) => r.actorId === 'u-admin' && JSON.parse(r.before ?? '{}').username === username)).toBe(true);
    expect((await authenticate(t.db, username, PASSWORD, at(clock + 3600 * 24 + 1), 8, { policy: POLICY })).ok).toBe(true);
  });

  it('treats an unknown username like a real one: the same refusals, the same lockout (no account enumeration)', async () => {
    let clock = 0;
    const codes: string[] = [];
    for (let i = 0; i < POLICY.lockoutFailures + 1; i++) {
      const r = await authenticate(t.db, 'khong.co.ai', 'bat-ky-mat-khau', at(clock), 8, { policy: POLICY });
      if (!r.ok) codes.push(r.error.code);
      clock += 120;
    }
    expect(codes).toEqual([...Array(POLICY.lockoutFailures).fill('AUTH.INVALID_CREDENTIALS'), 'AUTH.LOCKED']);
    expect(await unlockAccount(t.db, 'khong.co.ai', admin)).toMatchObject({ ok: false, error: { code: 'USER.NOT_FOUND' } });
  });

  it('slows one client address trying many accounts, but not another address', async () => {
    const ip = '203.0.113.7';
    // The free failures, and one more: after it the address must wait.
    for (let i = 0; i <= POLICY.ipFreeFailures; i++) {
      const r = await authenticate(t.db, `ai.do${i}`, 'doan-mo-mat-khau', at(10), 8, { client: { ip }, policy: POLICY });
      expect(r).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID_CREDENTIALS' } });
    }
    const { username } = await fresh();
    const next = await authenticate(t.db, username, PASSWORD, at(10), 8, { client: { ip }, policy: POLICY });
    expect(next).toMatchObject({ ok: false, error: { code: 'AUTH.THROTTLED' } });
    const elsewhere = await authenticate(t.db, username, PASSWORD, at(10), 8, { client: { ip: '198.51.100.2' }, policy: POLICY });
    expect(elsewhere.ok).toBe(true);
    const failed = await t.db.auditRecord.findMany({ where: { action: 'auth.sign_in_failed', actorId: `client:${ip}` } });
    expect(failed).toHaveLength(POLICY.ipFreeFailures + 1);
  });

  it('counts parallel guesses before checking them: of ten at once past the free failures, one is checked', async () => {
    const { username } = await fresh();
    for (let i = 0; i < POLICY.freeFailures; i++) await authenticate(t.db, username, `sai-${i}-mat-khau`, at(0), 8, { policy: POLICY });
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) => authenticate(t.db, username, `doan-${i}-mat-khau`, at(5), 8, { policy: POLICY })));
    const codes = burst.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'AUTH.INVALID_CREDENTIALS')).toHaveLength(1);
    expect(codes.filter((c) => c === 'AUTH.THROTTLED')).toHaveLength(9);
    expect((await signInLock(t.db, username))?.failures).toBe(POLICY.freeFailures + 1);
  });

  it('ends every session of a person who changes their password, and audits the change', async () => {
    const { username, id } = await fresh();
    const a = await authenticate(t.db, username, PASSWORD, at(0), 8);
    const b = await authenticate(t.db, username, PASSWORD, at(1), 8);
    if (!a.ok || !b.ok) throw new Error('sign-in failed');
    const wrong = await changePassword(t.db, id, 'khong-phai-mat-khau', 'mat-khau-moi-2026-dai', { ...admin, at: at(2) });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID_CREDENTIALS', path: 'currentPassword' } });
    const weak = await changePassword(t.db, id, PASSWORD, 'ngan', { ...admin, at: at(2) });
    expect(weak).toMatchObject({ ok: false, error: { code: 'AUTH.WEAK_PASSWORD' } });
    expect(await sessionPrincipal(t.db, a.value.token, at(2))).not.toBeNull(); // refusals change nothing
    const r = await changePassword(t.db, id, PASSWORD, 'mat-khau-moi-2026-dai', { ...admin, at: at(3) });
    expect(r).toMatchObject({ ok: true, value: { sessionsRevoked: 2 } });
    expect(await sessionPrincipal(t.db, a.value.token, at(4))).toBeNull();
    expect(await sessionPrincipal(t.db, b.value.token, at(4))).toBeNull();
    expect((await authenticate(t.db, username, PASSWORD, at(5), 8)).ok).toBe(false);
    expect((await authenticate(t.db, username, 'mat-khau-moi-2026-dai', at(6), 8)).ok).toBe(true);
    const audit = await t.db.auditRecord.findMany({ where: { action: 'user.password_changed' } });
    expect(audit.filter((x) => JSON.parse(x.after ?? '{}').userId === id)).toHaveLength(1);
    expect(audit.every((x) => !(x.after ?? '').includes('mat-khau-moi'))).toBe(true);
  });

  it("audits an administrator's password reset, which ends the sessions and lifts a lock", async () => {
    const { username, id } = await fresh();
    const s = await authenticate(t.db, username, PASSWORD, at(0), 8, { policy: POLICY });
    if (!s.ok) throw new Error('sign-in failed');
    for (let i = 0; i < POLICY.lockoutFailures; i++) await authenticate(t.db, username, `sai-${i}-mat-khau`, at(10 + i * 120), 8, { policy: POLICY });
    expect((await signInLock(t.db, username))?.lockedAt).not.toBeNull();
    const r = await resetPassword(t.db, id, 'mat-khau-do-quan-tri-dat', { ...admin, at: at(2000) });
    expect(r).toMatchObject({ ok: true, value: { sessionsRevoked: 1 } });
    expect(await sessionPrincipal(t.db, s.value.token, at(2001))).toBeNull();
    expect((await authenticate(t.db, username, 'mat-khau-do-quan-tri-dat', at(2002), 8, { policy: POLICY })).ok).toBe(true);
    const audit = (await t.db.auditRecord.findMany({ where: { action: 'user.password_reset' } })).filter((x) => JSON.parse(x.after ?? '{}').userId === id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: 'u-admin', actorRole: 'admin' });
    expect(JSON.parse(audit[0]!.after!)).toEqual({ userId: id, username, sessionsRevoked: 1, unlocked: true });
    expect(await resetPassword(t.db, id, 'ngan', admin)).toMatchObject({ ok: false, error: { code: 'AUTH.WEAK_PASSWORD' } });
  });

  it('keeps the audit chain whole through all of it', async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
