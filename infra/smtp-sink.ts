/**
 * A real SMTP server on loopback that keeps what it receives: the embedded default for `npm start`
 * (mail lands in .data/mail/*.eml, readable with any mail client) and the mail server of the tests,
 * which assert on what arrived. Production points SMTP_URL at the office's mail server instead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId?: string;
  headers: Record<string, string>;
  receivedAt: Date;
}

export interface SmtpSink {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** How many times each Message-ID was accepted: a resend (the accept-then-crash window) shows as 2+. */
  messageIds(): Map<string, number>;
  /** The Message-IDs accepted more than once. */
  duplicates(): string[];
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  port?: number;
  host?: string;
  maildir?: string;
  /** Wait this long before answering 250 to DATA (a slow mail server, for timing tests). */
  acceptDelayMs?: number;
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  if (opts.maildir) mkdirSync(opts.maildir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((m) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of m.headers) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
            const mail: ReceivedMail = {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: m.subject ?? '',
              text: m.text ?? '',
              messageId: m.messageId,
              headers,
              receivedAt: new Date(),
            };
            messages.push(mail);
            if (opts.maildir) {
              const name = `${mail.receivedAt.toISOString().replace(/[:.]/g, '-')}-${messages.length}.eml`;
              writeFileSync(join(opts.maildir, name), raw);
            }
            if (opts.acceptDelayMs) setTimeout(() => callback(), opts.acceptDelayMs);
            else callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // smtp-server reports a client's broken connection (a worker SIGKILLed mid-send: ECONNRESET) as an
  // 'error' on the server; without a listener that would end the whole process. The client's loss is its
  // own (it retries); the sink keeps serving.
  server.on('error', () => undefined);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  const messageIds = () => {
    const m = new Map<string, number>();
    for (const x of messages) if (x.messageId) m.set(x.messageId, (m.get(x.messageId) ?? 0) + 1);
    return m;
  };
  return {
    port,
    url: `smtp://${host}:${port}`,
    messages,
    messageIds,
    duplicates: () => [...messageIds()].filter(([, n]) => n > 1).map(([id]) => id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
