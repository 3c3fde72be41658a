import type { Account, Profile } from '../../core/types.js';
import { accountToRow, lastById, profileToRow } from '../documents.js';
import { packedProperties } from '../event-rows.js';
import { profileFacts, type ProfileFactsRow } from '../profile-facts.js';
import { storableJson } from '../safe-json.js';
import type { EventToInsert } from '../store.js';
import { bigintArray, textArray } from './array-literal.js';

/**
 * The parameters of the bulk writes in queries/*.ts, one per column. Scalar columns are array
 * literals, unnested on the server. JSON payloads instead travel together as one JSON array,
 * unpacked by `json(b)_array_elements` in step with the other columns (`ROWS FROM`): one native
 * JSON.stringify on the client instead of escaping every quote of every payload into an array
 * literal (which took about as long as the rest of the encoding), and no extra work for the
 * server, which parses each payload once either way.
 */
export function eventColumns(events: EventToInsert[]): string[] {
  const n = events.length;
  const text = Array.from({ length: 9 }, () => new Array<string | null>(n));
  const times = Array.from({ length: 4 }, () => new Array<number | null>(n));
  const payloads = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const e = events[i];
    text[0][i] = e.messageId;
    text[1][i] = e.type;
    text[2][i] = e.event;
    text[3][i] = e.profileId;
    text[4][i] = e.userId;
    text[5][i] = e.anonymousId;
    text[6][i] = e.groupId;
    text[7][i] = e.previousId;
    text[8][i] = e.source;
    times[0][i] = e.timestamp;
    times[1][i] = e.originalTimestamp;
    times[2][i] = e.sentAt;
    times[3][i] = e.receivedAt;
    payloads[i] = [packedProperties(e), e.traits, e.context];
  }
  return [
    ...text.slice(0, 8).map(textArray),
    ...times.map(bigintArray),
    storableJson(payloads),
    textArray(text[8]),
  ];
}

/** One row per id (an upsert may not touch a row twice in one statement): the last wins.
 * Parameters $1–$6 and $8 (the documents), then $9–$18 (their facts); $7 is updated_at. */
export function profileColumns(profiles: Profile[]): string[] {
  const last = lastById(profiles);
  const rows = last.map(profileToRow);
  return [
    textArray(rows.map((r) => r.id)),
    textArray(rows.map((r) => r.userId)),
    textArray(rows.map((r) => r.email)),
    textArray(rows.map((r) => r.name)),
    bigintArray(rows.map((r) => r.firstSeen)),
    bigintArray(rows.map((r) => r.lastSeen)),
    storableJson(rows.map((r) => r.doc)),
    ...factsColumns(last),
  ];
}

/** $9: the profiles without facts (not identified); $10–$18: the others' facts. */
function factsColumns(profiles: Profile[]): string[] {
  const anonymous: string[] = [];
  const facts: ProfileFactsRow[] = [];
  for (const profile of profiles) {
    const row = profileFacts(profile);
    if (row) facts.push(row);
    else anonymous.push(profile.id);
  }
  // The JSON columns are JSON text already: joined into one array, not encoded again.
  const json = facts.map(
    (f) => `[${f.milestones},${f.personas},${f.firstTouch ?? 'null'},${f.firsts}]`,
  );
  return [
    textArray(anonymous),
    textArray(facts.map((f) => f.profileId)),
    bigintArray(facts.map((f) => f.firstSeen)),
    bigintArray(facts.map((f) => f.signupAt)),
    textArray(facts.map((f) => f.activationStatus)),
    bigintArray(facts.map((f) => f.activatedAt)),
    textArray(facts.map((f) => f.lifecycle)),
    textArray(facts.map((f) => f.engagement)),
    textArray(facts.map((f) => f.accountId)),
    `[${json.join(',')}]`,
  ];
}

/** Parameters $1–$3 and $5 (the documents); $4 is updated_at. */
export function accountColumns(accounts: Account[]): string[] {
  const rows = lastById(accounts).map(accountToRow);
  return [
    textArray(rows.map((r) => r.id)),
    bigintArray(rows.map((r) => r.firstSeen)),
    bigintArray(rows.map((r) => r.lastSeen)),
    storableJson(rows.map((r) => r.doc)),
  ];
}
