import type { Migration } from '../../migration.js';
import { migration001Init } from './001-init.js';
import { migration002State } from './002-state.js';
import { migration003Journeys } from './003-journeys.js';
import { migration004Inapp } from './004-inapp.js';
import { migration005JourneyVersions } from './005-journey-versions.js';
import { migration006Schedules } from './006-schedules.js';
import { migration007MessageProviderIds } from './007-message-provider-ids.js';
import { migration008MessageCopies } from './008-message-copies.js';
import { migration009UserData } from './009-user-data.js';
import { migration010DeadLetters } from './010-dead-letters.js';
import { migration011Analytics } from './011-analytics.js';
import { migration012ProfileFacts } from './012-profile-facts.js';
import { migration013ActivityDaysByDay } from './013-activity-days-by-day.js';
import { migration015EarlyActions } from './015-early-actions.js';
import { migration016Team } from './016-team.js';
import { migration017AnalyticsNarrow } from './017-analytics-narrow.js';
import { migration018EarlyHours } from './018-early-hours.js';
import { migration019CompactStorage } from './019-compact-storage.js';
import { migration020JourneyStepCounts } from './020-journey-step-counts.js';
import { migration021StageChangesWas } from './021-stage-changes-was.js';
import { migration024EngagementIndex } from './024-engagement-index.js';
import { migration025ProfileFactsOnce } from './025-profile-facts-once.js';
import { migration026StepCountsOnce } from './026-step-counts-once.js';
import { migration027ProfileFactsWritten } from './027-profile-facts-written.js';

/** Every SQLite migration, in the order it applies. Append only: never edit a shipped one. */
export const sqliteMigrations: readonly Migration[] = [
  migration001Init,
  migration002State,
  migration003Journeys,
  migration004Inapp,
  migration005JourneyVersions,
  migration006Schedules,
  migration007MessageProviderIds,
  migration008MessageCopies,
  migration009UserData,
  migration010DeadLetters,
  migration011Analytics,
  migration012ProfileFacts,
  migration013ActivityDaysByDay,
  migration015EarlyActions,
  migration016Team,
  migration017AnalyticsNarrow,
  migration018EarlyHours,
  migration019CompactStorage,
  migration020JourneyStepCounts,
  migration021StageChangesWas,
  migration024EngagementIndex,
  migration025ProfileFactsOnce,
  migration026StepCountsOnce,
  migration027ProfileFactsWritten,
];
