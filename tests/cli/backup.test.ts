/**
 * `ntm backup` / `ntm restore` on SQLite (online backup API) and PostgreSQL (pg_dump / pg_restore): the
 * restored database is the backed-up one, its audit chain verified, its installation id kept.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, verifyAuditChain } from '../../store/audit-chain';
import { ntm } from '../support/cli';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';
import { asDba } from '../support/tamper';

jest.setTimeout(120_000);

describe.each(PROVIDERS)('backup and restore on %s', (provider) => {
  let t: TestDatabase;
  let dir: string;
  const env = () => ({ DATABASE_URL: t.url, DATA_DIR: dir });
  const record = (i: number) => ({
    eventId: `${provider}-bk-${i}`,
    at: new Date(Date.UTC(2024, 8, 1, 2, i)),
    actorId: 'u-kthh',
    actorRole: 'district_specialist',
    actorUnit: 'dien-bien/tuan-giao',
    action: 'criterion.reviewed',
    dossierId: 'd1',
    criterion: String(i),
    before: 'review',
    after: 'review',
  });
  const add = async (from: number, to: number) => {
    for (let i = from; i <= to; i++) await t.db.$transaction((tx) => appendAudit(tx, record(i), provider));
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    dir = mkdtempSync(join(tmpdir(), 'ntm-backup-'));
    await t.db.installation.create({ data: { id: 1, installationId: `inst-${provider}`, createdAt: new Date() } });
    await add(1, 5);
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up, and a restore brings back exactly what was backed up, chain verified', async () => {
    const file = join(dir, 'ntm.backup');
    const b = await ntm(env(), 'backup', file);
    expect(b.out).toContain('5 bản ghi kiểm toán / audit records, chuỗi / chain OK');
    expect(b.out).toContain(`inst-${provider}`);
    expect(b.code).toBe(0);

    await add(6, 8); // work after the backup
    await t.db.installation.update({ where: { id: 1 }, data: { temporalNamespace: 'later' } });
    expect(await t.db.auditRecord.count()).toBe(8);
    await t.db.$disconnect();

    const r = await ntm(env(), 'restore', file);
    expect(r.out).toContain('5 bản ghi kiểm toán / audit records, chuỗi đã kiểm / chain verified');
    expect(r.out).toContain(`inst-${provider}`);
    expect(r.code).toBe(0);
    expect(await t.db.auditRecord.count()).toBe(5);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, records: 5 });
    expect((await t.db.installation.findUnique({ where: { id: 1 } }))?.temporalNamespace).toBeNull();
    // And the restored database goes on: the chain continues from the restored head.
    await add(6, 6);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, records: 6 });
  });

  it('refuses a file that is not a backup, leaving the database as it was', async () => {
    const junk = join(dir, 'junk.backup');
    writeFileSync(junk, 'not a backup');
    const r = await ntm(env(), 'restore', junk);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(provider === 'sqlite' ? /BACKUP.NOT_A_BACKUP/ : /BACKUP.TOOL_FAILED/);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, records: 6 });
    const missing = await ntm(env(), 'restore', join(dir, 'nope.backup'));
    expect(missing.out).toContain('BACKUP.NO_FILE');
  });

  if (provider === 'sqlite') {
    it('refuses to keep a backup whose audit chain does not verify', async () => {
      await asDba(t, [`UPDATE "AuditRecord" SET "criterion" = '17' WHERE "eventId" = 'sqlite-bk-3'`]);
      const r = await ntm(env(), 'backup', join(dir, 'tampered.backup'));
      expect(r.code).not.toBe(0);
      expect(r.out).toContain('BACKUP.CHAIN_BROKEN');
      expect(r.out).toContain('bị đứt');
    });
  }
});
