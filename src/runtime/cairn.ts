import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Channel } from '../channels/channel.js';
import type { EmailMessage } from '../channels/email/email-message.js';
import { systemClock, type Clock } from '../core/clock.js';
import { version } from '../core/version.js';
import { describeDatabase, type Settings } from '../config/settings.js';
import { loadDefinitions } from '../definitions/index.js';
import { WorkerRunner } from '../http/analyses/worker-runner.js';
import { buildServer } from '../http/server.js';
import type { MessageRecord, Store } from '../store/store.js';
import { startSmtpReceiver, type SmtpReceiver } from '../inbound/smtp/smtp-receiver.js';
import { IngestWriter } from './ingest-writer.js';
import {
  INBOUND_MAIL_LIMIT,
  processInboundMail,
  type InboundMailDeps,
} from './inbound/process-inbound-mail.js';
import { dropOldCopies } from './delivery/drop-old-copies.js';
import { EventRetention } from './data-rights/event-retention.js';
import { startDelivery, type Delivery } from './delivery/start-delivery.js';
import { verifyingSecrets } from '../keys/secret-ring.js';
import { saveJourneyVersions } from './journeys/journey-versions.js';
import { RunSweeper } from './journeys/run-sweeper.js';
import { ScheduleSweeper } from './journeys/schedule-sweeper.js';
import { recheckIfChanged } from './definitions-changed.js';
import { isSettable, runDueWork, type DueWorkDone } from './run-due-work.js';
import { deriveStateFromHistory, noteHistoryWithoutState } from './derive-history.js';
import { StateSweeper } from './state-sweeper.js';
import { storeFromSettings } from './store-from-settings.js';
import { templatesDirOf } from './validate-workspace.js';
import { watchDefinitions } from './watch-definitions.js';
import { watchTemplates } from './watch-templates.js';
import { workspaceKeys, type WorkspaceKeys } from '../keys/workspace-keys.js';
import { Workspace } from './workspace.js';

export interface Cairn {
  app: FastifyInstance;
  store: Store;
  writer: IngestWriter;
  workspace: Workspace;
  sweeper: StateSweeper;
  runs: RunSweeper;
  schedules: ScheduleSweeper;
  delivery: Delivery;
  /** Drops old events (CAIRN_EVENT_RETENTION_DAYS); null when events are kept. */
  retention: EventRetention | null;
  keys: WorkspaceKeys;
  /** The SMTP receiver of the unsubscribe mailbox, when CAIRN_INBOUND_SMTP_PORT is set. */
  inboundSmtp: SmtpReceiver | null;
  /**
   * With a settable clock (a simulation, a test): moves it to `until` and does every piece of
   * work due by then — state checks, journey timers, schedules, deliveries (run-due-work.ts).
   */
  runDueWork(until: number): Promise<DueWorkDone>;
  /** Stops taking requests, commits what is queued, stops the sweeper, closes the store. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** An open store to run on (left open by `close`); default: the one the settings name. */
  store?: Store;
  /**
   * Simulated time: the background loops and the file watchers are not started; the caller
   * moves the clock and calls `runDueWork`. Used by `cairn simulate`.
   */
  manualTime?: boolean;
  /** Compute the dashboard overview's answer in the background once ready (`cairn serve`). */
  warmAnswers?: boolean;
  /** Sees each batch of delivery outcomes once committed (the simulator's recipients read them). */
  onDelivered?: (messages: MessageRecord[]) => void;
  /** [0, 1) for the delivery worker's retry backoff; seeded in a simulation. */
  random?: () => number;
  /** The email channel instead of SMTP or the dev outbox (a simulation's in-memory channel). */
  emailChannel?: Channel<EmailMessage> & { delivery: string };
  /** How long, in clock time, the reports' period comparisons are reused (default ten minutes;
   * the simulator's clock moves an hour per step: see reports/report-source.ts). */
  reportComparisonsKeepMs?: number;
}

/**
 * Wires one Cairn process: store (migrated), workspace definitions (watched for changes), keys,
 * the group-commit writer, the state sweeper and the HTTP app. `cairn serve` calls it and then
 * listens; tests call it and use `app.inject`.
 */
export async function startCairn(
  settings: Settings,
  logger: FastifyBaseLogger,
  clock: Clock = systemClock,
  options: StartOptions = {},
): Promise<Cairn> {
  // Invalid definitions stop the start before anything is opened: fix the file, then start.
  const workspace = new Workspace(
    settings.configFile ? await loadDefinitions(settings.configFile) : null,
  );
  const ownStore = !options.store;
  const store = options.store ?? (await storeFromSettings(settings));
  let inboundSmtp: SmtpReceiver | null = null;
  try {
    const ran = await store.migrate();
    logger.info({ database: describeDatabase(settings), migrations: ran }, 'store ready');
    if (workspace.definitions) {
      logger.info(
        { file: settings.configFile, version: workspace.definitions.version },
        'definitions loaded',
      );
    }
    // Every journey version is stored before a run can start on it (see journey-versions.ts).
    if (workspace.definitions) await saveJourneyVersions(store, workspace.definitions, clock.now());
    // History stored with no definitions gets its state now, before any request or sweep: as of
    // each event's time, and without journeys (derive-history.ts).
    if (workspace.definitions) {
      const derived = await deriveStateFromHistory(store, workspace.definitions, clock.now());
      if (derived) logger.info({ users: derived }, 'state derived from history; no messages');
    } else {
      await noteHistoryWithoutState(store);
    }
    const keys = await workspaceKeys(store, settings.keys, () => clock.now());
    if (settings.inboundSmtp) {
      inboundSmtp = await startInboundSmtp(settings, logger, {
        store,
        workspace,
        clock,
        workspaceSecret: verifyingSecrets(keys.secret, keys.previousSecrets, clock.now()),
      });
    }
    let delivery: Delivery | null = null;
    // Messages queued by a commit go out at once, not at the delivery worker's next look.
    const writer = new IngestWriter(store, {
      workspace,
      clock,
      onCommitted: () => delivery?.worker.poke(),
    });
    const sweeper = new StateSweeper(store, workspace, clock, {
      onError: (error) => logger.error({ err: error }, 'state sweep failed; retrying'),
    });
    const runs = new RunSweeper(store, workspace, clock, {
      onError: (error) => logger.error({ err: error }, 'journey timers failed; retrying'),
    });
    const schedules = new ScheduleSweeper(store, workspace, clock, {
      onError: (error) => logger.error({ err: error }, 'journey schedules failed; retrying'),
    });
    delivery = await startDelivery(
      settings,
      store,
      workspace,
      clock,
      keys.secret,
      (error) => logger.error({ err: error }, 'delivery failed; retrying'),
      { onRecorded: options.onDelivered, random: options.random },
      options.emailChannel,
      { keepMs: options.reportComparisonsKeepMs },
    );
    logger.info(
      {
        email: delivery.email,
        outbox: delivery.email === 'outbox' ? settings.outboxDir : undefined,
      },
      'delivery ready',
    );
    const retention =
      settings.eventRetentionDays === null
        ? null
        : new EventRetention(store, settings.eventRetentionDays, clock, {
            onDropped: (count) => logger.info({ count }, 'old events dropped (retention)'),
            onError: (error) => logger.error({ err: error }, 'event retention failed; retrying'),
          });
    // On a SQLite file the analyses (seconds of reads at 100,000 users) run in a worker thread
    // with its own read-only connection, so they never hold up an event or a page
    // (src/http/analyses). PostgreSQL's reads already wait without blocking.
    const analyses =
      ownStore && !settings.databaseUrl && settings.dbFile !== ':memory:' && !options.manualTime
        ? new WorkerRunner({ file: settings.dbFile, pageCacheBytes: settings.sqlitePageCacheBytes })
        : undefined;
    const app = await buildServer({
      store,
      analyses,
      writer,
      workspace,
      clock,
      keys: keys.ring,
      version: version(),
      workspaceSecret: keys.secret,
      previousSecrets: keys.previousSecrets,
      limits: settings.limits,
      linkLifetimes: settings.linkLifetimes,
      tracking: settings.tracking,
      outboxDir: settings.smtpUrl ? null : settings.outboxDir,
      templates: delivery.preview,
      inappOrigins: settings.inappOrigins,
      ingestOrigins: settings.ingestOrigins,
      analysisMaxAgeSeconds: settings.analysisMaxAgeSeconds,
      warmAnswers: options.warmAnswers,
      logger,
    });
    const recheck = async () => {
      const loaded = workspace.definitions;
      if (loaded && (await recheckIfChanged(store, loaded, clock))) {
        logger.info({ version: loaded.version }, 'definitions changed: every user is re-checked');
        sweeper.poke();
      }
      // Schedule timers follow the definitions in force (a changed cron, a new journey).
      schedules.poke();
    };
    await recheck();
    // A definitions change is refused when the templates do not fit it; a templates change is
    // refused when they do not fit the definitions in force.
    const templates = delivery;
    const manual = options.manualTime === true;
    const unwatch =
      settings.configFile && !manual
        ? watchDefinitions(
            settings.configFile,
            workspace,
            logger,
            () => {
              recheck().catch((error) =>
                logger.error({ err: error }, 're-check after reload failed'),
              );
            },
            async (loaded) => {
              await saveJourneyVersions(store, loaded, clock.now());
              return templates.reloadTemplates(loaded);
            },
          )
        : () => {};
    const unwatchTemplates = manual
      ? () => {}
      : watchTemplates(templatesDirOf(settings.configFile), logger, () =>
          templates.reloadTemplates(workspace.definitions),
        );
    const stopDroppingCopies = manual
      ? () => {}
      : dropOldCopies(store, clock, settings.linkLifetimes.messageMs, (error) =>
          logger.error({ err: error }, 'dropping expired email copies failed'),
        );
    if (!manual) {
      sweeper.start();
      runs.start();
      schedules.start();
      delivery.worker.start();
      retention?.start();
    }
    const started = delivery;
    const loops = [sweeper, runs, schedules, delivery.worker];
    const dueWork = async (until: number) => {
      if (!isSettable(clock)) throw new Error('runDueWork needs a clock that can be set');
      return runDueWork(loops, clock, until);
    };
    const close = async () => {
      unwatch();
      unwatchTemplates();
      await stopDroppingCopies();
      await app.close();
      await analyses?.close();
      await inboundSmtp?.close();
      await writer.flush();
      await sweeper.stop();
      await runs.stop();
      await schedules.stop();
      await retention?.stop();
      await started.close();
      if (ownStore) await store.close();
    };
    return {
      app,
      store,
      writer,
      workspace,
      sweeper,
      runs,
      schedules,
      delivery: started,
      retention,
      keys,
      inboundSmtp,
      runDueWork: dueWork,
      close,
    };
  } catch (error) {
    await inboundSmtp?.close();
    if (ownStore) await store.close();
    throw error;
  }
}

/** The SMTP receiver of the unsubscribe mailbox, feeding the processor of /api/inbound/email. */
async function startInboundSmtp(
  settings: Settings,
  logger: FastifyBaseLogger,
  deps: InboundMailDeps,
): Promise<SmtpReceiver> {
  const { port, host } = settings.inboundSmtp!;
  const domain = settings.unsubscribeMailbox.slice(
    settings.unsubscribeMailbox.lastIndexOf('@') + 1,
  );
  const receiver = await startSmtpReceiver({
    port,
    host,
    domain,
    maxBytes: INBOUND_MAIL_LIMIT,
    onMail: async (raw) => {
      const result = await processInboundMail(deps, raw);
      logger.info(result, 'inbound mail processed');
    },
    onError: (error) =>
      logger.error({ err: error }, 'inbound mail not processed; sender told to retry'),
  });
  logger.info({ port: receiver.port, host, domain }, 'inbound SMTP listening');
  return receiver;
}
