/**
 * Notifications: an in-app inbox row and an e-mail per person who holds the role at the unit.
 *
 * Idempotent per (reminder key, person, channel): the row is written first with a unique key; the mail
 * is sent only for a row not yet marked sent, with a Message-ID derived from the key, and then marked
 * with `sentAt` = the moment the SMTP server accepted it (its 250 reply to DATA, by the machine's clock;
 * `createdAt` keeps the time the attempt was scheduled).
 *
 * At least once, not exactly once: one window is left — the SMTP server accepted the mail but the
 * process died before `sentAt` was written. The retried attempt sends it again, with the same Message-ID
 * (mail systems and clients that deduplicate by Message-ID show it once; others show two identical
 * mails). Tested in tests/faults/mail-accept-crash.test.ts; documented for operators in the README.
 *
 * Heartbeats: before and after every mail, and every 2 s while it runs (so a slow but live SMTP server is
 * not mistaken for a dead worker; the proxy's start-to-close timeout bounds that). With the mail proxy's
 * heartbeat timeout, which counts from the attempt's start, an attempt whose worker died is retried within
 * seconds, not after the attempt's start-to-close timeout. None when the attempt starts (issue 18): an
 * inbox-only reminder finishes in milliseconds, and that heartbeat was one more call to the server for
 * each of the 10,000 reminders of a deadline.
 */
import { Context } from '@temporalio/activity';
import { createHash, randomUUID } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Db } from '../prisma/db';
import type { NotifyRequest, NotifyResult } from './types';

export interface Mailer {
  transport: Transporter;
  from: string;
}

interface Target {
  address: string;
  userId?: string;
  email?: string | null;
  /** User.emailPreference (issue 13): "immediate" | "digest" | "none". */
  emailPreference?: string;
}

/**
 * Issue 13: whether this notice goes by e-mail to this person now. In-app always; e-mail per the person's
 * preference — "none": never; "digest": not one by one (the daily digest lists them); else immediately.
 */
export function wantsEmailNow(t: Pick<Target, 'email' | 'emailPreference'>): boolean {
  return !!t.email && t.emailPreference !== 'none' && t.emailPreference !== 'digest';
}

async function resolveTargets(db: Db, req: NotifyRequest, now: Date): Promise<Target[]> {
  const out: Target[] = [];
  for (const r of req.recipients) {
    const grants = await db.roleGrant.findMany({
      where: {
        role: r.role,
        unitCode: r.unitCode,
        ...(r.department ? { department: r.department } : {}),
        user: { active: true },
        AND: [{ OR: [{ validFrom: null }, { validFrom: { lte: now } }] }, { OR: [{ validTo: null }, { validTo: { gte: now } }] }],
      },
      include: { user: true },
    });
    if (grants.length === 0) {
      // Nobody holds the role yet: the office's shared inbox still shows it.
      out.push({ address: `${r.role}@${r.unitCode}${r.department ? `#${r.department}` : ''}` });
    }
    for (const g of grants) out.push({ address: g.user.username, userId: g.userId, email: g.user.email, emailPreference: g.user.emailPreference });
  }
  const seen = new Set<string>();
  return out.filter((t) => (seen.has(t.address) ? false : (seen.add(t.address), true)));
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: string }).code === 'P2002';

/** A heartbeat when running as an activity (a no-op when called directly, e.g. by a unit test). */
function heartbeat(details?: unknown): void {
  let ctx: Context | undefined;
  try {
    ctx = Context.current();
  } catch {
    return;
  }
  ctx.heartbeat(details);
}

/**
 * Writes `sentAt` of a mail the SMTP server has accepted, retrying the write (never the send) while the
 * database is away — a write lost here would make the activity's retry send the mail again. Backs off
 * from 0.25 s to 4 s, heartbeating, for up to `patienceMs` (inside the mail proxy's 1-minute attempt);
 * then fails, and only a database away that long (or a dead worker) leaves the documented resend window.
 */
export async function markSent(db: Db, idempotencyKey: string, acceptedAt: Date, patienceMs = 40_000): Promise<void> {
  const started = Date.now();
  for (let wait = 250; ; wait = Math.min(wait * 2, 4_000)) {
    try {
      await db.notification.update({ where: { idempotencyKey }, data: { sentAt: acceptedAt } });
      return;
    } catch (e) {
      if (Date.now() - started + wait > patienceMs) throw e;
      heartbeat({ sentAtPending: idempotencyKey });
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** The Message-ID of one e-mail row: stable across attempts, so a resend is recognisable as the same mail. */
export const messageIdFor = (idempotencyKey: string): string => `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@ntm.local>`;

/**
 * @param clock the activity's time (Temporal's scheduled time): `createdAt`, inbox `sentAt`, who holds a role.
 * @param acceptedClock the real clock read when the SMTP server has accepted a mail: e-mail `sentAt`.
 */
export function notifyActivities(db: Db, mailer: Mailer | undefined, clock: () => Date, acceptedClock: () => Date = () => new Date()) {
  return {
    async notify(req: NotifyRequest): Promise<NotifyResult> {
      const alive = setInterval(() => heartbeat({ key: req.key }), 2000);
      try {
        return await notifyOnce(req);
      } finally {
        clearInterval(alive);
      }
    },
  };

  async function notifyOnce(req: NotifyRequest): Promise<NotifyResult> {
    const now = clock();
    const targets = await resolveTargets(db, req, now);
    let created = 0;
    let emailed = 0;
    for (const t of targets) {
      const rows: { channel: 'inbox' | 'email'; recipient: string }[] = [{ channel: 'inbox', recipient: t.address }];
      if (t.email && mailer && wantsEmailNow(t)) rows.push({ channel: 'email', recipient: t.email });
      for (const row of rows) {
        const idempotencyKey = `${req.key}/${t.address}/${row.channel}`;
        try {
          await db.notification.create({
            data: {
              id: randomUUID(),
              idempotencyKey,
              dossierId: req.dossierId ?? null,
              channel: row.channel,
              recipient: row.channel === 'inbox' ? t.address : row.recipient,
              subject: req.subjectVi,
              body: `${req.bodyVi}\n\n---\n${req.subjectEn}\n${req.bodyEn}`,
              kind: req.kind,
              dueAt: req.dueAt ? new Date(req.dueAt) : null,
              createdAt: now,
              sentAt: row.channel === 'inbox' ? now : null,
            },
          });
          created += 1;
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
        }
        if (row.channel === 'email' && mailer) {
          const pending = await db.notification.findUnique({ where: { idempotencyKey } });
          if (pending && !pending.sentAt) {
            const messageId = messageIdFor(idempotencyKey);
            heartbeat({ key: req.key, sending: idempotencyKey });
            await mailer.transport.sendMail({
              from: mailer.from,
              to: row.recipient,
              subject: req.subjectVi,
              text: pending.body,
              messageId,
              headers: { 'X-NTM-Reminder-Key': req.key, 'X-NTM-Kind': req.kind },
            });
            // sendMail resolves on the server's 250 to DATA: this is when the mail was accepted.
            await markSent(db, idempotencyKey, acceptedClock());
            emailed += 1;
            heartbeat({ key: req.key, sent: idempotencyKey });
          }
        }
      }
    }
    return { created, emailed, recipients: targets.map((t) => t.address) };
  }
}
