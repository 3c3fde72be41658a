import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { MEMORY_PREFIX } from '../channels/email/memory-channel.js';
import type { MessageRecord, Store } from '../store/store.js';
import { readAll } from './read-all.js';

/**
 * A digest of what a simulation left in the store: the event log (in log order, without the
 * sequence numbers, which PostgreSQL may leave gaps in), every profile, run and message. Two runs
 * with the same seed give the same digest on either store; the workspace's keys and secrets, and
 * the folder of the dev outbox, are not part of it.
 */
export async function storeDigest(store: Store): Promise<string> {
  const hash = createHash('sha256');
  for (let after = 0; ;) {
    const events = await store.readEvents(after, 5000);
    if (!events.length) break;
    for (const { seq: _seq, ...event } of events) hash.update(stable(event));
    after = events[events.length - 1]!.seq;
  }
  const profiles = await readAll((page) => store.searchProfiles(page));
  for (const profile of profiles.sort(byId)) hash.update(stable(profile));
  const runs = await readAll((page) => store.listRuns({}, page));
  for (const run of runs.sort(byId)) hash.update(stable(run));
  const messages = await readAll((page) => store.listMessages({}, page));
  for (const message of messages.sort(byId)) hash.update(stable(withoutFolder(message)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The dev outbox records where it wrote a message: the folder is the deployment's, not the run's.
 * The in-memory channel records `memory:<id>` where the outbox records `<folder>/<id>.eml`: both
 * count as `<id>.eml`, so a run gives the same digest with either channel.
 */
function withoutFolder(message: MessageRecord): MessageRecord {
  const reason = message.reason;
  if (message.state !== 'sent' || !reason) return message;
  if (reason.endsWith('.eml')) return { ...message, reason: basename(reason) };
  if (message.channel === 'email' && reason.startsWith(MEMORY_PREFIX))
    return { ...message, reason: `${reason.slice(MEMORY_PREFIX.length)}.eml` };
  return message;
}

function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * JSON with keys sorted, so two stores that order a row's fields differently agree: the same
 * text as `JSON.stringify` with a replacer sorting each object's keys, written out by hand
 * (the replacer copied every object of every row, a few seconds of a demo run).
 */
function stable(value: unknown): string {
  return stableValue(value) ?? 'null';
}

function stableValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      return undefined; // undefined, functions, symbols: left out, as JSON.stringify does
  }
  if (value === null) return 'null';
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return stableValue((json as () => unknown).call(value));
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out += ',';
      out += stableValue(value[i]) ?? 'null';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const item = stableValue(record[key]);
    if (item === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${item}`;
  }
  return `${out}}`;
}
