/**
 * E-mail `sentAt` is the moment the SMTP server accepted the mail (not the attempt's scheduled time), and
 * the one window of at-least-once delivery: the server accepted the mail, then the worker died before
 * `sentAt` was written. The retried attempt sends it again, with the same Message-ID (so mail systems
 * that deduplicate by Message-ID show it once); the row is marked once. The crash is injected exactly
 * there (the clock read between the server's 250 and the database write throws, as a process that dies
 * at that instant never writes). A sink that records Message-IDs counts what arrived.
 */
import nodemailer from 'nodemailer';
import type { NotifyRequest } from '../../activities/types';
import { messageIdFor, notifyActivities } from '../../activities/notify';
import { startSmtpSink, type SmtpSink } from '../../infra/smtp-sink';
import { PROVIDERS, createTestDatabase, type TestDatabase } from '../support/databases';
import { seedStaff } from '../support/people';

jest.setTimeout(60_000);

describe.each(PROVIDERS)('mail accepted, then a crash, on %s', (provider) => {
  let t: TestDatabase;
  let sink: SmtpSink;
  const scheduled = new Date('2024-08-24T01:00:00Z'); // the activity's (workflow) time
  const notice = (key: string): NotifyRequest => ({
    key,
    kind: 'maintenance',
    dossierId: 'd-1',
    recipients: [{ role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang' }],
    subjectVi: 'Nhắc hạn',
    bodyVi: 'Còn 7 ngày',
    subjectEn: 'Reminder',
    bodyEn: '7 days left',
  });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await seedStaff(t.db, [{ username: 'xa-qc', role: 'commune_official', unitCode: 'dien-bien/tuan-giao/quai-cang', email: 'xa-qc@ntm.local' }]);
    sink = await startSmtpSink({ acceptDelayMs: 300 });
  });
  afterAll(async () => {
    await sink?.close();
    await t?.drop();
  });

  const mailer = () => ({ transport: nodemailer.createTransport(sink.url), from: 'NTM <no-reply@ntm.local>' });

  it('records sentAt as the time the server accepted the mail, createdAt as the scheduled time', async () => {
    const before = Date.now();
    const acts = notifyActivities(t.db, mailer(), () => scheduled);
    expect(await acts.notify(notice('k-ok'))).toMatchObject({ emailed: 1 });
    const row = await t.db.notification.findUniqueOrThrow({ where: { idempotencyKey: 'k-ok/xa-qc/email' } });
    const got = sink.messages.find((m) => m.messageId === messageIdFor('k-ok/xa-qc/email'))!;
    expect(row.createdAt.toISOString()).toBe(scheduled.toISOString());
    // Accepted after the server's delay, not when the attempt was scheduled nor when sending began.
    expect(row.sentAt!.getTime()).toBeGreaterThanOrEqual(got.receivedAt.getTime());
    expect(row.sentAt!.getTime()).toBeGreaterThanOrEqual(before + 300);
    expect(row.sentAt!.getTime()).toBeLessThan(Date.now() + 1);
  });

  it('sends again, with the same Message-ID, when the worker died between acceptance and sentAt', async () => {
    const key = 'k-crash/xa-qc/email';
    let crash = true;
    const dying = notifyActivities(
      t.db,
      mailer(),
      () => scheduled,
      () => {
        if (crash) throw new Error('worker killed after the SMTP server accepted the mail');
        return new Date();
      },
    );
    await expect(dying.notify(notice('k-crash'))).rejects.toThrow('worker killed');
    expect((await t.db.notification.findUniqueOrThrow({ where: { idempotencyKey: key } })).sentAt).toBeNull();
    expect(sink.messageIds().get(messageIdFor(key))).toBe(1);

    // Temporal retries the attempt on a live worker.
    crash = false;
    expect(await dying.notify(notice('k-crash'))).toMatchObject({ emailed: 1, created: 0 });
    expect(sink.messageIds().get(messageIdFor(key))).toBe(2);
    expect(sink.duplicates()).toEqual([messageIdFor(key)]);
    const rows = await t.db.notification.findMany({ where: { idempotencyKey: { startsWith: 'k-crash/' } } });
    expect(rows.map((r) => r.channel).sort()).toEqual(['email', 'inbox']); // one row each, never two
    expect(rows.find((r) => r.channel === 'email')!.sentAt).not.toBeNull();

    // Once marked, no further attempt sends it again.
    expect(await dying.notify(notice('k-crash'))).toMatchObject({ emailed: 0, created: 0 });
    expect(sink.messageIds().get(messageIdFor(key))).toBe(2);
  });
});
