import type { FastifyInstance } from 'fastify';
import type { PeriodKind, Unit } from '../../definitions/gamification/periods.js';
import { periodFromLabel, periodOf } from '../../engine/gamification/local-periods.js';
import { accountZone } from '../../engine/gamification/update-gamification.js';
import { userTimeZone } from '../../engine/journeys/user-time-zone.js';
import { Comparisons } from '../../gamification/comparisons.js';
import { loadSubjects } from '../../gamification/load-subjects.js';
import { presentProgress } from '../../inapp/present-progress.js';
import { findProfile } from '../find-profile.js';
import { badRequest, noWorkspace, notFound } from '../http-error.js';
import { queryParams } from '../query-schema.js';
import { optionalChoice, optionalString } from '../query-string.js';
import type { ServerDeps } from '../server.js';

const KINDS = ['week', 'month', 'quarter'] as const satisfies readonly PeriodKind[];

/**
 * A user's or an account's gamification with its comparisons for one period (the last complete
 * one by default, on the subject's clock): progress, each metric against the period before and
 * against peers, time saved, recommendations ranked by impact.
 *
 *   GET /users/:id/progress?period=week|month|quarter&at=YYYY-MM-DD
 *   GET /accounts/:id/progress?…
 */
export async function progressRoutes(app: FastifyInstance, { deps }: { deps: ServerDeps }) {
  const { store, workspace, clock } = deps;
  for (const unit of ['user', 'account'] as const satisfies readonly Unit[]) {
    app.get(
      `/${unit}s/:id/progress`,
      {
        schema: {
          querystring: queryParams({
            period: 'the period of metrics and tiers: week (default), month or quarter',
            at: 'a date in the period, YYYY-MM-DD (default: the last complete one)',
          }),
        },
      },
      async (request) => {
        const loaded = workspace.definitions;
        if (!loaded) throw noWorkspace();
        const definitions = loaded.definitions;
        const query = request.query as Record<string, unknown>;
        const kind = optionalChoice(query, 'period', KINDS) ?? 'week';
        const at = optionalString(query, 'at');
        const { id } = request.params as { id: string };
        const now = clock.now();
        let subjectId: string;
        let zone: string;
        let progress;
        if (unit === 'user') {
          const profile = await findProfile(store, id);
          if (!profile) throw notFound(`user ${JSON.stringify(id)}`);
          const account = profile.accounts.length
            ? await store.getAccount(profile.accounts[0]!)
            : null;
          subjectId = profile.id;
          zone = userTimeZone(profile, definitions);
          progress = presentProgress(definitions, profile, account, now).user;
        } else {
          const account = await store.getAccount(id);
          if (!account) throw notFound(`account ${JSON.stringify(id)}`);
          subjectId = account.id;
          zone = accountZone(account, definitions.delivery.default_time_zone);
          progress = presentProgress(definitions, null, account, now).account;
        }
        const period = at === undefined ? periodOf(now, zone, kind) - 1 : periodFromLabel(at, kind);
        if (period === null)
          throw badRequest([{ field: 'at', message: 'must be a date, YYYY-MM-DD' }]);
        const comparisons = new Comparisons(
          definitions,
          unit,
          kind,
          period,
          await loadSubjects(store, unit),
        );
        return { ...comparisons.answer(subjectId), progress };
      },
    );
  }
}
