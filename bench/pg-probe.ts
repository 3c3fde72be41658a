/**
 * What PostgreSQL does during a benchmark, for bench/ingest-processes.ts: the CPU time of its
 * processes (from /proc, all of them or the backends serving one application name), what those
 * backends are doing (pg_stat_activity sampled: running, waiting for a lock, for the WAL, for
 * the client…) and the database's commit, rollback and deadlock counters.
 */
import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';

const TICKS = (() => {
  try {
    return Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcessCpu {
  /** PostgreSQL's processes by pid: CPU seconds so far (user + system) and their title. */
  byPid: Map<number, { seconds: number; title: string }>;
}

/** Every visible `postgres` process's CPU time so far. */
export function postgresCpu(): ProcessCpu {
  const byPid = new Map<number, { seconds: number; title: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres') continue;
      // Fields after the command: state is field 3, utime 14 and stime 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      byPid.set(Number(entry), { seconds, title });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return { byPid };
}

/** CPU seconds spent between two readings by the processes `pick` chooses (new ones from 0). */
export function cpuBetween(
  before: ProcessCpu,
  after: ProcessCpu,
  pick: (pid: number, title: string) => boolean,
): number {
  let total = 0;
  for (const [pid, { seconds, title }] of after.byPid) {
    if (!pick(pid, title)) continue;
    total += seconds - (before.byPid.get(pid)?.seconds ?? 0);
  }
  return total;
}

/** A backend's title names its role; the auxiliary processes serve every database. */
export const isAuxiliary = (title: string) =>
  /checkpointer|background writer|walwriter|autovacuum|stats/.test(title);

export interface ActivitySample {
  /** Samples taken, and per backend state the number of backend-samples in it. */
  samples: number;
  states: Map<string, number>;
  /** The backends seen serving the application. */
  pids: Set<number>;
}

/**
 * Samples pg_stat_activity every `everyMs` for the backends of `applicationName`: each one
 * counted under what it is doing — `running` (active, no wait event), `waiting Lock:advisory`,
 * `waiting IO:WALSync`, `idle in transaction` (waiting for the server process) or `idle`. A
 * backend waiting for an advisory lock is counted by the key it waits for, named by `keyName`
 * (the key's `hashtextextended` value, as text → a name such as `account`).
 */
export async function sampleActivity(
  url: string,
  applicationName: string,
  keyName: (hash: string) => string,
  everyMs = 20,
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const result: ActivitySample = { samples: 0, states: new Map(), pids: new Set() };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{
        pid: number;
        state: string | null;
        wait_event_type: string | null;
        wait_event: string | null;
        waited_key: string | null;
      }>(
        // An advisory lock on a bigint key shows its high half as classid, its low half as objid.
        `SELECT a.pid, a.state, a.wait_event_type, a.wait_event,
                ((l.classid::int8 << 32) | l.objid::int8)::text AS waited_key
           FROM pg_stat_activity a
           LEFT JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted AND l.locktype = 'advisory'
          WHERE a.application_name = $1`,
        [applicationName],
      );
      result.samples += 1;
      for (const row of rows) {
        result.pids.add(row.pid);
        const what =
          row.state === 'active'
            ? row.wait_event
              ? `waiting ${row.wait_event_type}:${row.wait_event}` +
                (row.waited_key === null ? '' : ` (${keyName(row.waited_key)} key)`)
              : 'running'
            : (row.state ?? 'unknown');
        result.states.set(what, (result.states.get(what) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async (): Promise<ActivitySample> => {
      stopped = true;
      await loop;
      await client.end();
      return result;
    },
  };
}

export interface DatabaseCounters {
  commits: number;
  rollbacks: number;
  deadlocks: number;
}

/** The current database's transaction counters (pg_stat_database; shared by all its users). */
export async function databaseCounters(url: string): Promise<DatabaseCounters> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The statistics are a snapshot per transaction: ask for a fresh one.
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query(
      'SELECT xact_commit::float8 AS commits, xact_rollback::float8 AS rollbacks, deadlocks::float8 AS deadlocks FROM pg_stat_database WHERE datname = current_database()',
    );
    return rows[0] as DatabaseCounters;
  } finally {
    await client.end();
  }
}
