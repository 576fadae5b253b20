/** `ntm db migrate`, `ntm provision`, `ntm users …` and `ntm audit …`: success and failure paths. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { ntm } from '../support/cli';
import { asDba } from '../support/tamper';

describe('ntm db migrate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntm-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('applies every migration to a new SQLite file, then finds it up to date', async () => {
    const url = `file:${join(dir, 'fresh.db')}`;
    const first = await ntm({ DATABASE_URL: url }, 'db', 'migrate');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/sqlite: đã áp dụng \/ applied \d+: .*_init/);
    const again = await ntm({ DATABASE_URL: url }, 'db', 'migrate');
    expect(again.code).toBe(0);
    expect(again.out).toContain('up to date');
  });

  it('refuses a database URL it cannot use, in Vietnamese and English, with exit code 1', async () => {
    const r = await ntm({ DATABASE_URL: 'mysql://root@localhost/ntm' }, 'db', 'migrate');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Cấu hình không hợp lệ / invalid configuration');
    expect(r.out).toContain('DATABASE_URL="mysql://root@localhost/ntm"');
  });
});

describe('ntm provision', () => {
  it('reports where each toolchain piece was found', async () => {
    const r = await ntm({}, 'provision', '--check');
    expect(r.out).toMatch(/temporal/i);
    expect(r.out).toMatch(/java/i);
  });

  it('names a TEMPORAL_CLI_PATH that does not exist instead of building or downloading', async () => {
    const r = await ntm({ TEMPORAL_CLI_PATH: '/nonexistent/temporal' }, 'provision');
    expect(r.code).toBe(1);
    expect(r.out).toContain('/nonexistent/temporal');
    expect(r.out).toContain('TOOLCHAIN.');
  });
});

describe('ntm users and ntm audit', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
    await t.db.unit.create({ data: { code: 'dien-bien', level: 'province', name: 'Điện Biên' } });
  });
  afterAll(async () => {
    await t?.drop();
  });
  const env = () => ({ DATABASE_URL: t.url });

  it('creates a person with a generated password, grants a role, and lists them', async () => {
    const created = await ntm(env(), 'users', 'create', 'thanh.tra', '--name', 'Thanh tra tỉnh', '--generate-password');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/thanh\.tra/);
    const granted = await ntm(env(), 'users', 'grant', 'thanh.tra', '--role', 'inspector', '--unit', 'dien-bien');
    expect(granted.code).toBe(0);
    const listed = await ntm(env(), 'users', 'list');
    expect(listed.out).toContain('thanh.tra');
    expect(listed.out).toContain('inspector');
    expect(await t.db.auditRecord.count({ where: { action: { in: ['user.created', 'role.granted'] } } })).toBe(2);
  });

  it('refuses a role that does not exist and a duplicate username, writing nothing', async () => {
    const before = await t.db.auditRecord.count();
    const badRole = await ntm(env(), 'users', 'grant', 'thanh.tra', '--role', 'governor', '--unit', 'dien-bien');
    expect(badRole.code).not.toBe(0);
    const dup = await ntm(env(), 'users', 'create', 'thanh.tra', '--name', 'Lặp', '--generate-password');
    expect(dup.code).toBe(1);
    expect(dup.out).toContain('USER.USERNAME_TAKEN');
    expect(await t.db.auditRecord.count()).toBe(before);
  });

  it('verifies a clean chain with exit 0 and names the first broken record with exit 1', async () => {
    const clean = await ntm(env(), 'audit', 'verify');
    expect(clean.code).toBe(0);
    const second = await t.db.auditRecord.findFirstOrThrow({ where: { action: 'role.granted' } });
    await asDba(t, [`UPDATE "AuditRecord" SET "actorId" = 'someone-else' WHERE "seq" = ${second.seq}`]);
    const broken = await ntm(env(), 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`#${second.seq}`);
  });

  it('refuses an approvals query with an impossible date, naming it', async () => {
    const r = await ntm(env(), 'audit', 'approvals', '--person', 'thanh.tra', '--from', '31/02/2027', '--to', '01/03/2027');
    expect(r.code).toBe(1);
    expect(r.out).toContain('31/02/2027');
  });
});
