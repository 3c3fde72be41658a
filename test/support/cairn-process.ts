import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CairnProcess {
  child: ChildProcess;
  address: string;
  output: () => string;
  /** Ends the process with SIGTERM (a clean stop) and waits for it. */
  stop(): Promise<void>;
  /** Kills it without warning, as a crash would. */
  kill(): Promise<void>;
}

/** The CLI entry point: compiled JavaScript beside this file, or the TypeScript source under tsx. */
export function cliCommand(): string[] {
  const js = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
  if (existsSync(js)) return [js];
  return ['--import', 'tsx', fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))];
}

/** Starts `cairn serve` on a free port and resolves once it listens. */
export function startCairnProcess(
  env: Record<string, string>,
  args: string[] = [],
): Promise<CairnProcess> {
  return startListening([...cliCommand(), 'serve', '--port', '0', ...args], env);
}

/** Starts `cairn serve` on a clock standing still at `now` (fixed-clock-serve.ts). */
export function startFixedClockCairn(
  env: Record<string, string>,
  now: number,
): Promise<CairnProcess> {
  const js = fileURLToPath(new URL('./fixed-clock-serve.js', import.meta.url));
  const script = existsSync(js)
    ? [js]
    : ['--import', 'tsx', fileURLToPath(new URL('./fixed-clock-serve.ts', import.meta.url))];
  return startListening(script, { ...env, CAIRN_TEST_NOW: String(now) });
}

/** Runs node with `args` and resolves once the process says where it listens. */
function startListening(args: string[], env: Record<string, string>): Promise<CairnProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Cairn is listening on (http:\/\/[^\s"]+)/.exec(out);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => (out += more.toString()));
        resolve({
          child,
          address: match[1],
          output: () => out,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`cairn serve exited with ${code}:\n${out}`)));
  });
}
