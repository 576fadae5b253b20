/**
 * The daily digest's delivery (issue 13): for every active person whose e-mail preference is "digest",
 * the inbox notices of one day (Asia/Ho_Chi_Minh) become ONE e-mail (domain/notices dailyDigest).
 *
 * Idempotent per person and day, as notices are: a Notification row keyed `digest/<day>/<person>/email`
 * (channel email, kind digest) is written first; the mail is sent only while that row is not marked sent,
 * with a Message-ID derived from the key. A retried activity, a replayed workflow or a restarted worker
 * finds the row and sends nothing again (the same at-least-once window as notify: accepted by SMTP, the
 * process dead before `sentAt` — the resend has the same Message-ID).
 */
import { randomUUID } from 'node:crypto';
import { endOfDay, startOfDay, type LocalDate } from '../domain/calendar';
import { dailyDigest } from '../domain/notices';
import type { Db } from '../prisma/db';
import { markSent, messageIdFor, type Mailer } from './notify';

export interface DigestRequest {
  /** The day the digest covers (yyyy-mm-dd, Vietnam). */
  day: LocalDate;
}

export interface DigestResult {
  /** People the digest went to (usernames), this attempt or an earlier one. */
  people: string[];
  emailed: number;
}

export const digestKey = (day: string, username: string): string => `digest/${day}/${username}/email`;

export function digestActivities(db: Db, mailer: Mailer | undefined, clock: () => Date, acceptedClock: () => Date = () => new Date()) {
  return {
    async sendDailyDigests(req: DigestRequest): Promise<DigestResult> {
      const people = await db.user.findMany({ where: { active: true, emailPreference: 'digest', email: { not: null } }, orderBy: { username: 'asc' } });
      const from = new Date(startOfDay(req.day));
      const to = new Date(endOfDay(req.day));
      const out: DigestResult = { people: [], emailed: 0 };
      for (const p of people) {
        const rows = await db.notification.findMany({
          where: { recipient: p.username, channel: 'inbox', createdAt: { gte: from, lte: to } },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        });
        const mail = dailyDigest(
          p.displayName,
          req.day,
          rows.map((r) => ({ kind: r.kind, subject: r.subject, body: r.body.split('\n\n---\n')[0] ?? r.body, dueAt: r.dueAt?.toISOString() ?? null })),
        );
        if (!mail || !mailer) continue;
        const idempotencyKey = digestKey(req.day, p.username);
        const body = `${mail.bodyVi}\n\n---\n${mail.subjectEn}\n${mail.bodyEn}`;
        await db.notification
          .create({
            data: {
              id: randomUUID(),
              idempotencyKey,
              dossierId: null,
              channel: 'email',
              recipient: p.email!,
              subject: mail.subjectVi,
              body,
              kind: 'digest',
              dueAt: null,
              createdAt: clock(),
              sentAt: null,
            },
          })
          .catch((e: unknown) => {
            if ((e as { code?: string }).code !== 'P2002') throw e;
          });
        out.people.push(p.username);
        const row = await db.notification.findUnique({ where: { idempotencyKey } });
        if (!row || row.sentAt) continue;
        await mailer.transport.sendMail({
          from: mailer.from,
          to: row.recipient,
          subject: row.subject,
          text: row.body,
          messageId: messageIdFor(idempotencyKey),
          headers: { 'X-NTM-Reminder-Key': idempotencyKey, 'X-NTM-Kind': 'digest' },
        });
        await markSent(db, idempotencyKey, acceptedClock());
        out.emailed += 1;
      }
      return out;
    },
  };
}
