import { basename, join } from 'node:path';
import type { KeysFromEnv } from '../keys/workspace-keys.js';
import { parseAllowedOrigins, type AllowedOrigins } from './inapp-origins.js';
import { readLimits, type Limits } from './limits.js';
import { readLinkLifetimes, type LinkLifetimes } from './link-lifetimes.js';

/**
 * Deployment settings: where the database is, which port, which keys. They come from flags and
 * the environment; everything about the workspace itself (milestones, journeys…) lives in
 * `cairn.yaml`. docs/configuration.md lists them all.
 */
export interface Settings {
  port: number;
  host: string;
  /** SQLite file, used when no `databaseUrl` is set. */
  dbFile: string;
  /** SQLite: the WAL size past which it is checkpointed in full and truncated
   * (CAIRN_SQLITE_WAL_LIMIT_MB; default 128). */
  sqliteWalLimitBytes: number;
  /** SQLite: the page cache of each of the store's two connections
   * (CAIRN_SQLITE_CACHE_MB; default 32). */
  sqlitePageCacheBytes: number;
  /** SQLite: the profiles and accounts the writer keeps parsed, by their stored JSON's length
   * (CAIRN_DOCUMENT_CACHE_MB; default 24). */
  documentCacheBytes: number;
  databaseUrl: string | null;
  /** Keys given by the environment (null: stored or generated ones are used). */
  keys: KeysFromEnv;
  /** Rate limits, timeouts and the connection cap (limits.ts). */
  limits: Limits;
  /** How long the links in messages work (link-lifetimes.ts). */
  linkLifetimes: LinkLifetimes;
  logLevel: string;
  configFile: string | null;
  /** SMTP server (`smtp://user:pass@host:587`, `smtps://…`); none: the dev outbox. */
  smtpUrl: string | null;
  /** Where the dev outbox writes `.eml` files: one folder per database unless CAIRN_OUTBOX_DIR. */
  outboxDir: string;
  /** This Cairn's public URL, for unsubscribe, preference and tracking links. */
  publicUrl: string;
  /** The sender of email: `Name <address>` or an address. */
  emailFrom: { name?: string; address: string };
  /** The mailbox of `mailto:` unsubscribes (List-Unsubscribe). */
  unsubscribeMailbox: string;
  /** Record email opens and clicks (an open pixel, signed click redirects). */
  tracking: boolean;
  /** Browser origins allowed to call the in-app API (CAIRN_INAPP_ORIGINS; default any). */
  inappOrigins: AllowedOrigins;
  /** Browser origins allowed to send events to /v1/* (CAIRN_INGEST_ORIGINS; default any). */
  ingestOrigins: AllowedOrigins;
  /** The built-in SMTP receiver of the unsubscribe mailbox (CAIRN_INBOUND_SMTP_PORT); null: off. */
  inboundSmtp: { port: number; host: string } | null;
  /** Events older than this many days are dropped (CAIRN_EVENT_RETENTION_DAYS); null: kept. */
  eventRetentionDays: number | null;
  /** How long an analysis answer is reused before it is computed again
   * (CAIRN_ANALYSIS_MAX_AGE_SECONDS; default 60; 0: computed at every request). */
  analysisMaxAgeSeconds: number;
}

export interface SettingFlags {
  port?: string;
  host?: string;
  db?: string;
  config?: string;
}

export function readSettings(flags: SettingFlags, env: NodeJS.ProcessEnv = process.env): Settings {
  const port = Number(flags.port ?? env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`port must be a whole number from 0 to 65535 (got ${flags.port ?? env.PORT})`);
  }
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const dbFile = flags.db ?? env.CAIRN_DB ?? './cairn.db';
  return {
    port,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    dbFile,
    sqliteWalLimitBytes: readMegabytes('CAIRN_SQLITE_WAL_LIMIT_MB', env, 128),
    sqlitePageCacheBytes: readMegabytes('CAIRN_SQLITE_CACHE_MB', env, 32),
    documentCacheBytes: readMegabytes('CAIRN_DOCUMENT_CACHE_MB', env, 24),
    databaseUrl,
    keys: {
      write: env.CAIRN_WRITE_KEY || null,
      serverWrite: env.CAIRN_SERVER_WRITE_KEY || null,
      admin: env.CAIRN_ADMIN_KEY || null,
      secret: env.CAIRN_WORKSPACE_SECRET || null,
      previousSecret: env.CAIRN_PREVIOUS_WORKSPACE_SECRET || null,
    },
    limits: readLimits(env),
    linkLifetimes: readLinkLifetimes(env),
    logLevel: env.LOG_LEVEL ?? 'info',
    configFile: flags.config ?? env.CAIRN_CONFIG ?? null,
    smtpUrl: env.SMTP_URL || null,
    outboxDir: env.CAIRN_OUTBOX_DIR || join('outbox', outboxFolderOf(dbFile, databaseUrl)),
    publicUrl: env.CAIRN_PUBLIC_URL ?? `http://${flags.host ?? env.HOST ?? '127.0.0.1'}:${port}`,
    emailFrom: parseAddress(env.CAIRN_EMAIL_FROM ?? 'Cairn <cairn@localhost>'),
    unsubscribeMailbox: env.CAIRN_UNSUBSCRIBE_MAILBOX ?? 'unsubscribe@localhost',
    // On by default (engagement is what journeys and analytics read); `off` for privacy.
    tracking: !/^(off|false|0|no)$/i.test(env.CAIRN_TRACKING ?? ''),
    inappOrigins: parseAllowedOrigins(env.CAIRN_INAPP_ORIGINS),
    ingestOrigins: parseAllowedOrigins(env.CAIRN_INGEST_ORIGINS, 'CAIRN_INGEST_ORIGINS'),
    inboundSmtp: readInboundSmtp(env, flags.host ?? env.HOST ?? '127.0.0.1'),
    eventRetentionDays: readRetentionDays(env.CAIRN_EVENT_RETENTION_DAYS),
    analysisMaxAgeSeconds: readMaxAge(env.CAIRN_ANALYSIS_MAX_AGE_SECONDS),
  };
}

/** Unset or empty: 60 seconds. Otherwise a whole number of seconds; 0 turns reuse off. */
function readMaxAge(text: string | undefined): number {
  if (!text) return 60;
  if (!/^\d+$/.test(text)) {
    throw new Error(
      `CAIRN_ANALYSIS_MAX_AGE_SECONDS must be a whole number of seconds, 0 or more (got ${text})`,
    );
  }
  return Number(text);
}

/** Off unless CAIRN_INBOUND_SMTP_PORT is set; it listens on HOST unless told otherwise. */
function readInboundSmtp(env: NodeJS.ProcessEnv, host: string): Settings['inboundSmtp'] {
  const text = env.CAIRN_INBOUND_SMTP_PORT;
  if (!text) return null;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new Error(`CAIRN_INBOUND_SMTP_PORT must be a port number from 0 to 65535 (got ${text})`);
  }
  return { port, host: env.CAIRN_INBOUND_SMTP_HOST || host };
}

/** Unset or empty: events are kept. Otherwise a whole number of days, at least 1. */
function readRetentionDays(text: string | undefined): number | null {
  if (!text) return null;
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1) {
    throw new Error(
      `CAIRN_EVENT_RETENTION_DAYS must be a whole number of days, at least 1 (got ${text})`,
    );
  }
  return days;
}

/**
 * The dev outbox's folder under ./outbox, named after the database its messages came from, so a
 * PostgreSQL-backed server never lists the emails of users that exist only in the SQLite file:
 * `sqlite-cairn` for ./cairn.db, `postgres-127.0.0.1-5432-cairn` for a database URL.
 */
export function outboxFolderOf(dbFile: string, databaseUrl: string | null): string {
  const name = databaseUrl
    ? (() => {
        const url = new URL(databaseUrl);
        return `postgres-${url.hostname}-${url.port || '5432'}-${url.pathname.slice(1) || 'postgres'}`;
      })()
    : `sqlite-${basename(dbFile).replace(/\.[^.]*$/, '')}`;
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Where the data lives, for log lines: the file, or the URL without its password. */
export function describeDatabase(settings: Settings): string {
  if (!settings.databaseUrl) return `SQLite ${settings.dbFile}`;
  const url = new URL(settings.databaseUrl);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.toString()}`;
}

/** `Name <address>` or a bare address. */
function parseAddress(text: string): { name?: string; address: string } {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(text);
  if (!match) return { address: text.trim() };
  return match[1]
    ? { name: match[1].replace(/^"|"$/g, ''), address: match[2] }
    : { address: match[2] };
}

/** A size setting: a positive number of megabytes (fractions allowed), in bytes. */
function readMegabytes(
  name: string,
  env: Record<string, string | undefined>,
  fallbackMb: number,
): number {
  const text = env[name];
  if (text === undefined || text === '') return fallbackMb * 1024 * 1024;
  const megabytes = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(megabytes > 0)) {
    throw new Error(`${name} must be a positive number of megabytes (got ${text})`);
  }
  return Math.round(megabytes * 1024 * 1024);
}
