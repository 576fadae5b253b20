/**
 * `ntm users unlock` and `ntm users reset-password` (issue 17) on a real SQLite file: success, an unknown
 * user, bad input — bilingual messages, exit codes, audit rows (and nothing changed on a refusal).
 * The lock is made the way a person makes it: wrong passwords through the sign-in use case.
 */
import { Readable } from 'node:stream';
import { localIdentity } from '../../app/sessions';
import { DEFAULT_THROTTLE, signInLock } from '../../app/accounts';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { ntm } from '../support/cli';
import { PASSWORD, seedQuaiCangOfficial } from '../support/app';

let t: TestDatabase;
const env = () => ({ DATABASE_URL: t.url });
const USER = 'xa.quai-cang';

beforeAll(async () => {
  t = await createTestDatabase('sqlite');
  await seedQuaiCangOfficial(t, USER);
});
afterAll(async () => {
  await t?.drop();
});

/** Sign-in with a lockout after 3 failures and no delays, so the test locks the account at once. */
const identity = () => localIdentity(t.db, () => new Date(), 8, { ...DEFAULT_THROTTLE, freeFailures: 10, ipFreeFailures: 100, lockoutFailures: 3 });
const signIn = async (password: string): Promise<string> =>
  identity()
    .login(USER, password, { ip: '10.1.1.1' })
    .then(
      () => 'ok',
      (e: { code?: string }) => e.code ?? 'error',
    );
const auditOf = (action: string) => t.db.auditRecord.findMany({ where: { action }, orderBy: { seq: 'asc' } });

/** Runs `ntm` with this text on stdin (for --password-stdin). */
async function withStdin<T>(text: string, f: () => Promise<T>): Promise<T> {
  const saved = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(text)]), configurable: true });
  try {
    return await f();
  } finally {
    Object.defineProperty(process, 'stdin', saved);
  }
}

describe('ntm users unlock', () => {
  it('unlocks an account locked by wrong passwords, says so in both languages, and audits it', async () => {
    for (let i = 0; i < 3; i += 1) expect(await signIn('sai-mat-khau-roi')).toBe('AUTH.INVALID_CREDENTIALS');
    expect(await signIn(PASSWORD)).toBe('AUTH.LOCKED');
    expect((await signInLock(t.db, USER))?.lockedAt).not.toBeNull();

    const r = await ntm(env(), 'users', 'unlock', USER);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Đã mở khóa / unlocked ${USER} (3 lần sai / failed sign-ins cleared)`);
    expect(await signInLock(t.db, USER)).toBeNull();
    expect(await signIn(PASSWORD)).toBe('ok');

    const [row] = await auditOf('auth.unlocked');
    expect(row).toMatchObject({ actorRole: 'system', actorUnit: 'cli', comment: 'ntm users (CLI)' });
    expect(row!.actorId).toMatch(/^cli:/);
    expect(JSON.parse(row!.before!)).toMatchObject({ username: USER, failures: 3 });
    expect(JSON.parse(row!.after!)).toMatchObject({ username: USER, failures: 0, lockedAt: null });
  });

  it('says an account that was not locked was not locked (still audited, exit 0)', async () => {
    const r = await ntm(env(), 'users', 'unlock', USER);
    expect(r.code).toBe(0);
    expect(r.out).toContain('không bị khóa / was not locked');
    expect(await auditOf('auth.unlocked')).toHaveLength(2);
  });

  it('refuses an unknown user with a coded bilingual message and exit code 1, auditing nothing', async () => {
    const before = await t.db.auditRecord.count();
    const r = await ntm(env(), 'users', 'unlock', 'khong.co.ai');
    expect(r.code).toBe(1);
    expect(r.out).toContain('USER.NOT_FOUND');
    expect(r.out).toContain('Không có người dùng "khong.co.ai"');
    expect(r.out).toContain('No user "khong.co.ai"');
    expect(await t.db.auditRecord.count()).toBe(before);
  });

  it('refuses a missing username (commander) with exit code 1', async () => {
    const r = await ntm(env(), 'users', 'unlock');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/username/);
  });
});

describe('ntm users reset-password', () => {
  it('generates a new password, prints it once, ends every session, lifts a lock and audits without the password', async () => {
    expect(await signIn(PASSWORD)).toBe('ok');
    const sessions = await t.db.session.count({ where: { user: { username: USER } } });
    expect(sessions).toBeGreaterThan(0);
    for (let i = 0; i < 3; i += 1) await signIn('sai-mat-khau-roi');
    expect(await signIn(PASSWORD)).toBe('AUTH.LOCKED');

    const r = await ntm(env(), 'users', 'reset-password', USER, '--generate-password');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Đã đặt lại mật khẩu / password reset for ${USER}; ${sessions} phiên đã kết thúc / sessions ended`);
    const password = /Mật khẩu \/ password: (\S+)/.exec(r.out)?.[1];
    expect(password).toBeDefined();
    expect(await t.db.session.count({ where: { user: { username: USER } } })).toBe(0);
    expect(await signInLock(t.db, USER)).toBeNull();
    expect(await signIn(PASSWORD)).toBe('AUTH.INVALID_CREDENTIALS');
    expect(await signIn(password!)).toBe('ok');

    const [row] = await auditOf('user.password_reset');
    expect(row!.actorId).toMatch(/^cli:/);
    expect(JSON.parse(row!.after!)).toMatchObject({ username: USER, sessionsRevoked: sessions, unlocked: true });
    expect(JSON.stringify(row)).not.toContain(password!);
  });

  it('takes the new password from stdin', async () => {
    const r = await withStdin('mat-khau-moi-tu-stdin-2026\n', () => ntm(env(), 'users', 'reset-password', USER, '--password-stdin'));
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('mat-khau-moi-tu-stdin-2026');
    expect(await signIn('mat-khau-moi-tu-stdin-2026')).toBe('ok');
    expect(await auditOf('user.password_reset')).toHaveLength(2);
  });

  it('refuses a too-short password from stdin (AUTH.WEAK_PASSWORD, bilingual, exit 1): the old one still works, nothing audited', async () => {
    const before = await t.db.auditRecord.count();
    const r = await withStdin('ngan\n', () => ntm(env(), 'users', 'reset-password', USER, '--password-stdin'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('AUTH.WEAK_PASSWORD');
    expect(r.out).toContain('Mật khẩu phải có ít nhất');
    expect(r.out).toContain('The password must be at least');
    expect(await signIn('mat-khau-moi-tu-stdin-2026')).toBe('ok');
    expect(await t.db.auditRecord.count()).toBe(before);
  });

  it('refuses neither or both password sources (CLI.PASSWORD_SOURCE, bilingual, exit 1)', async () => {
    for (const args of [[], ['--generate-password', '--password-stdin']]) {
      const r = await ntm(env(), 'users', 'reset-password', USER, ...args);
      expect(r.code).toBe(1);
      expect(r.out).toContain('CLI.PASSWORD_SOURCE');
      expect(r.out).toContain('Chọn đúng một');
      expect(r.out).toContain('Choose exactly one');
    }
  });

  it('refuses an unknown user (USER.NOT_FOUND, bilingual, exit 1), auditing nothing', async () => {
    const before = await t.db.auditRecord.count();
    const r = await ntm(env(), 'users', 'reset-password', 'khong.co.ai', '--generate-password');
    expect(r.code).toBe(1);
    expect(r.out).toContain('USER.NOT_FOUND');
    expect(r.out).toContain('Không có người dùng "khong.co.ai"');
    expect(r.out).toContain('No user "khong.co.ai"');
    expect(await t.db.auditRecord.count()).toBe(before);
  });
});
