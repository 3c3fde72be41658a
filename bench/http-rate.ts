import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadedDefinitions } from '../src/definitions/index.js';
import type { Store } from '../src/store/store.js';
import { benchServer } from './bench-server.js';

const WRITE_KEY = 'bench-write-key';

export interface HttpLoad {
  events: number;
  users: number;
  batch: number;
  connections: number;
}

/** Events/s over HTTP, and this process's CPU time per event (the server's threads; the load
 * generator runs in a process of its own): unlike events/s, the CPU time hardly depends on what
 * else the machine runs. */
export async function httpRate(
  store: Store,
  definitions: LoadedDefinitions | null,
  load: HttpLoad,
): Promise<{ rate: number; cpu: number }> {
  const { events: EVENTS, users: USERS, batch: BATCH, connections: CONNECTIONS } = load;
  const { app, address } = await benchServer(store, definitions, WRITE_KEY);
  try {
    const cpu = process.cpuUsage();
    const client = fork(fileURLToPath(new URL('./http-load.js', import.meta.url)), [], {
      env: {
        ...process.env,
        TARGET: address,
        WRITE_KEY,
        EVENTS: String(EVENTS),
        USERS: String(USERS),
        BATCH: String(BATCH),
        CONNECTIONS: String(CONNECTIONS),
      },
    });
    const result = await new Promise<{ seconds: number; failed: number }>((resolve, reject) => {
      client.once('message', (m) => resolve(m as { seconds: number; failed: number }));
      client.once('error', reject);
      client.once(
        'exit',
        (code) => code && reject(new Error(`load generator exited with ${code}`)),
      );
    });
    const used = process.cpuUsage(cpu);
    if (result.failed) throw new Error(`${result.failed} requests failed`);
    const stored = await store.countEvents();
    if (stored < EVENTS) throw new Error(`expected ${EVENTS} events stored, found ${stored}`);
    return { rate: EVENTS / result.seconds, cpu: (used.user + used.system) / EVENTS };
  } finally {
    await app.close();
  }
}
