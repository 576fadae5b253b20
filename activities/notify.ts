/**
 * Notifications: an in-app inbox row and an e-mail per person who holds the role at the unit.
 *
 * Idempotent per (reminder key, person, channel): the row is written first with a unique key; the mail
 * is sent only for a row not yet marked sent, with a Message-ID derived from the key, and then marked.
 * A retried or replayed reminder therefore never reaches anyone twice (the one window left — the SMTP
 * server accepted the mail but the process died before marking it — is closed by the stable
 * Message-ID, which mail systems deduplicate).
 */
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

export function notifyActivities(db: Db, mailer: Mailer | undefined, clock: () => Date) {
  return {
    async notify(req: NotifyRequest): Promise<NotifyResult> {
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
              const messageId = `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@ntm.local>`;
              await mailer.transport.sendMail({
                from: mailer.from,
                to: row.recipient,
                subject: req.subjectVi,
                text: pending.body,
                messageId,
                headers: { 'X-NTM-Reminder-Key': req.key, 'X-NTM-Kind': req.kind },
              });
              await db.notification.update({ where: { idempotencyKey }, data: { sentAt: clock() } });
              emailed += 1;
            }
          }
        }
      }
      return { created, emailed, recipients: targets.map((t) => t.address) };
    },
  };
}
