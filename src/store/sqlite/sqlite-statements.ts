import type { Database } from 'better-sqlite3';
import { prepareAccountReads, prepareAccountWrites } from './queries/accounts.js';
import { prepareAnalyticsReads } from './queries/analytics.js';
import { prepareConsentReads, prepareConsentWrites } from './queries/consents.js';
import { prepareDeadLetterReads, prepareDeadLetterWrites } from './queries/dead-letters.js';
import { prepareEventReads, prepareEventWrites } from './queries/events.js';
import { prepareInboxReads, prepareInboxWrites } from './queries/inbox.js';
import { prepareJourneyVersionWrites } from './queries/journey-versions.js';
import { prepareMessageCopyReads, prepareMessageCopyWrites } from './queries/message-copies.js';
import { prepareMessageReads, prepareMessageWrites } from './queries/messages.js';
import { preparePeerStateReads } from './queries/peer-states.js';
import { prepareProfileReads, prepareProfileWrites } from './queries/profiles.js';
import { prepareRunReads, prepareRunWrites } from './queries/runs.js';
import { prepareScheduleReads, prepareScheduleWrites } from './queries/schedules.js';
import { prepareSettingReads, prepareSettingWrites } from './queries/settings.js';
import { prepareSignalReads } from './queries/signals.js';
import { prepareStateReads, prepareStateWrites } from './queries/state.js';
import { prepareTeamStatements } from './queries/team.js';
import { prepareUserDataReads, prepareUserDataWrites } from './queries/user-data.js';

/**
 * Every statement, prepared once. Preparing compiles the SQL against the schema, so a query that
 * names a missing column fails here, when the store opens, not when a rare path first runs it.
 */
export function prepareWrites(db: Database) {
  return {
    events: prepareEventWrites(db),
    profiles: prepareProfileWrites(db),
    accounts: prepareAccountWrites(db),
    settings: prepareSettingWrites(db),
    state: prepareStateWrites(db),
    runs: prepareRunWrites(db),
    journeyVersions: prepareJourneyVersionWrites(db),
    schedules: prepareScheduleWrites(db),
    messages: prepareMessageWrites(db),
    messageCopies: prepareMessageCopyWrites(db),
    inbox: prepareInboxWrites(db),
    consents: prepareConsentWrites(db),
    deadLetters: prepareDeadLetterWrites(db),
    team: prepareTeamStatements(db),
    userData: prepareUserDataWrites(db),
  };
}

export function prepareReads(db: Database) {
  return {
    events: prepareEventReads(db),
    profiles: prepareProfileReads(db),
    peerStates: preparePeerStateReads(db),
    accounts: prepareAccountReads(db),
    settings: prepareSettingReads(db),
    state: prepareStateReads(db),
    runs: prepareRunReads(db),
    schedules: prepareScheduleReads(db),
    messages: prepareMessageReads(db),
    messageCopies: prepareMessageCopyReads(db),
    inbox: prepareInboxReads(db),
    consents: prepareConsentReads(db),
    deadLetters: prepareDeadLetterReads(db),
    analytics: prepareAnalyticsReads(db),
    signals: prepareSignalReads(db),
    team: prepareTeamStatements(db),
    userData: prepareUserDataReads(db),
  };
}

export type WriteStatements = ReturnType<typeof prepareWrites>;
export type ReadStatements = ReturnType<typeof prepareReads>;
