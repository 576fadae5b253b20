import { appendAudit, verifyAuditChain } from '../../store/audit-chain';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';
import { asDba } from '../support/tamper';

describe.each(PROVIDERS)('audit chain on %s', (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.drop();
  });

  const record = (i: number) => ({
    eventId: `${provider}-ev-${i}`,
    at: new Date(Date.UTC(2024, 8, 1, 2, i)),
    actorId: 'u-kthh',
    actorRole: 'district_specialist',
    actorUnit: 'dien-bien/tuan-giao',
    action: 'criterion.reviewed',
    dossierId: 'd1',
    criterion: String(i),
    before: 'review',
    after: 'review',
    documents: [{ number: `${i}/CV-UBND`, date: '2024-09-01', issuer: 'UBND xã Quài Cang' }],
  });

  it('appends linked records, once per event id, and verifies clean', async () => {
    for (let i = 1; i <= 5; i++) {
      await t.db.$transaction((tx) => appendAudit(tx, record(i), provider));
    }
    const again = await t.db.$transaction((tx) => appendAudit(tx, record(3), provider));
    expect(again.created).toBe(false);
    expect(await t.db.auditRecord.count()).toBe(5);
    const report = await verifyAuditChain(t.db);
    expect(report).toMatchObject({ ok: true, records: 5 });
  });

  it('names the first record whose content was edited behind its back', async () => {
    // The append-only trigger refuses the app; a DBA lifts it first.
    await asDba(t, [`UPDATE "AuditRecord" SET "criterion" = '17' WHERE "eventId" = '${provider}-ev-4'`]);
    const report = await verifyAuditChain(t.db);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ eventId: `${provider}-ev-4` });
    expect(report.firstBreak!.reasonEn).toContain('altered');
  });
});
