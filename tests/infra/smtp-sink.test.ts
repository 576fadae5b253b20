/**
 * The local SMTP sink (infra/smtp-sink.ts) outlives its clients: connections reset mid-conversation (a
 * worker SIGKILLed while sending) must not end the process that hosts the sink, and the next mail is
 * accepted. Before the fix the second reset was an unhandled 'error' event ("read ECONNRESET").
 */
import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { startSmtpSink } from '../../infra/smtp-sink';

async function resetMidConversation(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    s.once('error', reject);
    let step = 0;
    s.on('data', (d: Buffer) => {
      const text = d.toString();
      if (step === 0 && text.startsWith('220')) {
        step = 1;
        s.write('EHLO worker\r\n');
      } else if (step === 1 && /^250 /m.test(text)) {
        step = 2;
        s.write('MAIL FROM:<ntm@test.vn>\r\n');
      } else if (step === 2 && text.startsWith('250')) {
        // Inside a mail transaction, RST instead of FIN: what the kernel sends for a killed process.
        step = 3;
        s.resetAndDestroy();
        resolve();
      }
    });
  });
}

it('keeps serving after clients reset their connections, and accepts the next mail', async () => {
  const sink = await startSmtpSink();
  try {
    for (let i = 0; i < 3; i++) await resetMidConversation(sink.port);
    await new Promise((r) => setTimeout(r, 200));
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'ntm@test.vn', to: 'xa@test.vn', subject: 'Nhắc hạn', text: 'Còn 7 ngày' });
    expect(sink.messages.map((m) => m.subject)).toEqual(['Nhắc hạn']);
  } finally {
    await sink.close();
  }
});
