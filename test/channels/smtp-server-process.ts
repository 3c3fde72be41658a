/**
 * A real SMTP server, run as its own process by `smtp-test-server.ts` (the `smtp-server` package
 * on a loopback port). It reports each received message as a JSON line on stdout. Recipients
 * choose how it answers: `tempfail…@` gets 451 at RCPT TO, `bounce…@` 550 5.1.1 at RCPT TO,
 * `blocked…@` 554 5.7.1 after DATA. STARTTLS is offered with the package's built-in certificate.
 */
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

function reject(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function start(): void {
  const server = new SMTPServer({
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const local = address.address.split('@')[0];
      if (local.startsWith('tempfail')) return callback(reject('4.3.0 Try again later', 451));
      if (local.startsWith('bounce')) return callback(reject('5.1.1 No such user here', 550));
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (to.some((a) => a.startsWith('blocked'))) {
          return callback(reject('5.7.1 Message refused by policy', 554));
        }
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
        const raw = Buffer.concat(chunks).toString('base64');
        process.stdout.write(
          `${JSON.stringify({ type: 'message', from, to, secure: session.secure, raw })}\n`,
        );
        callback(null, 'Queued as test-queue-id');
      });
    },
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ type: 'listening', port })}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

// The test runner also executes every file under test/; only start when launched on purpose.
if (process.env.CAIRN_SMTP_TEST_SERVER === '1') start();
