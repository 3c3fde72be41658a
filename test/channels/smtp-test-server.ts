import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ReceivedMail {
  from: string | null;
  to: string[];
  /** Whether the session was upgraded with STARTTLS. */
  secure: boolean;
  raw: Buffer;
}

export interface SmtpTestServer {
  port: number;
  /** Resolves with the next message the server accepts (in arrival order). */
  nextMail(): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

/** Starts `smtp-server-process` as a child process and waits until it listens. */
export function startSmtpTestServer(): Promise<SmtpTestServer> {
  const js = fileURLToPath(new URL('./smtp-server-process.js', import.meta.url));
  const args = existsSync(js)
    ? [js]
    : ['--import', 'tsx', fileURLToPath(new URL('./smtp-server-process.ts', import.meta.url))];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, CAIRN_SMTP_TEST_SERVER: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const mail: ReceivedMail[] = [];
  const waiting: ((m: ReceivedMail) => void)[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the SMTP test server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const event = JSON.parse(line) as { type: string; port?: number } & Omit<
        ReceivedMail,
        'raw'
      > & {
          raw?: string;
        };
      if (event.type === 'listening') {
        resolve({
          port: event.port as number,
          nextMail: () => {
            const next = mail.shift();
            return next ? Promise.resolve(next) : new Promise((r) => waiting.push(r));
          },
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
        return;
      }
      const received = { ...event, raw: Buffer.from(event.raw ?? '', 'base64') };
      const waiter = waiting.shift();
      if (waiter) waiter(received);
      else mail.push(received);
    });
  });
}
