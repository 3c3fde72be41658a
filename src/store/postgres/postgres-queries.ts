import type { NamedQuery } from './named-query.js';
import { accountQueries } from './queries/accounts.js';
import { analyticsQueries } from './queries/analytics.js';
import { signalQueries } from './queries/signals.js';
import { consentQueries } from './queries/consents.js';
import { deadLetterQueries } from './queries/dead-letters.js';
import { eventQueries } from './queries/events.js';
import { inboxQueries } from './queries/inbox.js';
import { journeyVersionQueries } from './queries/journey-versions.js';
import { lockQueries } from './queries/locks.js';
import { messageCopyQueries } from './queries/message-copies.js';
import { messageQueries } from './queries/messages.js';
import { peerStateQueries } from './queries/peer-states.js';
import { profileQueries } from './queries/profiles.js';
import { runQueries } from './queries/runs.js';
import { scheduleQueries } from './queries/schedules.js';
import { settingQueries } from './queries/settings.js';
import { teamQueries } from './queries/team.js';
import { stateQueries } from './queries/state.js';
import { userDataQueries } from './queries/user-data.js';

export const queries = {
  events: eventQueries,
  profiles: profileQueries,
  peerStates: peerStateQueries,
  accounts: accountQueries,
  settings: settingQueries,
  locks: lockQueries,
  state: stateQueries,
  runs: runQueries,
  journeyVersions: journeyVersionQueries,
  schedules: scheduleQueries,
  messages: messageQueries,
  messageCopies: messageCopyQueries,
  inbox: inboxQueries,
  consents: consentQueries,
  deadLetters: deadLetterQueries,
  analytics: analyticsQueries,
  signals: signalQueries,
  team: teamQueries,
  userData: userDataQueries,
};

export function allQueries(): NamedQuery[] {
  return Object.values(queries).flatMap((group) => Object.values(group));
}
