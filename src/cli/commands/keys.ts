import type { Command } from 'commander';
import { readSettings } from '../../config/settings.js';
import { isHashed } from '../../keys/key-hash.js';
import { rotateKeys } from '../../keys/rotate-keys.js';
import {
  KEY_INFO,
  KEY_NAMES,
  previousSecrets,
  type KeyName,
  type KeysFromEnv,
} from '../../keys/workspace-keys.js';
import type { Store } from '../../store/store.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';

const DAY = 86_400_000;

/** What each key is for, as `cairn keys` says it. */
const LABELS: Record<KeyName, string> = {
  write:
    'public write key (browsers and mobile apps: track, page, screen, group, identify without contact points)',
  serverWrite: 'server write key (backends: everything, including alias, email and phone)',
  admin: 'admin key (the admin API, Authorization: Bearer)',
  secret: 'workspace secret (signs links in messages and in-app user hashes)',
};

/** Command-line names of the keys, for `cairn keys rotate <name…>`. */
const ARGUMENTS: Record<string, KeyName> = {
  write: 'write',
  server: 'serverWrite',
  admin: 'admin',
  secret: 'secret',
};

export function keysCommand(program: Command): void {
  const keys = program
    .command('keys')
    .description(
      'Say which keys exist and where they come from (write and admin keys are stored hashed: their values are shown only when made); prints the workspace secret',
    )
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .action(async (flags: { db?: string }) => {
      const settings = readSettings(flags);
      await withStore(flags, async (store) => {
        process.stdout.write(await describeKeys(store, settings.keys, Date.now()));
      });
    });

  keys
    .command('rotate')
    .description(
      'Make new keys and print them once as CAIRN_…=value lines; the old write and admin keys stop working at once, an old workspace secret after its grace period',
    )
    .argument('[keys...]', 'which: write, server, admin, secret (default: write server admin)')
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .option('--env', 'print `export NAME=value` lines, for eval "$(npx cairn keys rotate --env)"')
    .option(
      '--grace-days <days>',
      'how long links and user hashes signed with the old workspace secret keep working',
      '60',
    )
    .action(async (names: string[], flags: { db?: string; env?: boolean; graceDays: string }) => {
      const chosen = names.length ? names : ['write', 'server', 'admin'];
      const unknown = chosen.filter((name) => !Object.hasOwn(ARGUMENTS, name));
      if (unknown.length) {
        throw new Error(
          `unknown key ${unknown.join(', ')}: expected write, server, admin or secret`,
        );
      }
      const graceDays = Number(flags.graceDays);
      if (!/^\d+$/.test(flags.graceDays)) {
        throw new Error(`--grace-days must be a whole number of days (got ${flags.graceDays})`);
      }
      flags.db ??= keys.opts<{ db?: string }>().db;
      const settings = readSettings(flags);
      await withStore(flags, async (store) => {
        const wanted = [...new Set(chosen.map((name) => ARGUMENTS[name]))];
        // With no workspace secret yet (a database never served), one is made too.
        const secretMissing =
          !settings.keys.secret && !(await store.getSetting(KEY_INFO.secret.setting));
        if (secretMissing && !wanted.includes('secret')) wanted.push('secret');
        const fresh = await rotateKeys(store, {
          keys: KEY_NAMES.filter((name) => wanted.includes(name)),
          graceMs: graceDays * DAY,
          now: Date.now(),
        });
        const prefix = flags.env ? 'export ' : '';
        let out = fresh
          .map(({ name, value }) => `${prefix}${KEY_INFO[name].env}=${value}\n`)
          .join('');
        const secret = settings.keys.secret ?? (await store.getSetting(KEY_INFO.secret.setting));
        if (!wanted.includes('secret') && secret && !settings.keys.secret) {
          out += `${prefix}${KEY_INFO.secret.env}=${secret}\n`;
        }
        process.stdout.write(out);
        for (const { name } of fresh) {
          if (settings.keys[name]) {
            process.stderr.write(
              `note: ${KEY_INFO[name].env} is set in this environment; a Cairn started with it uses that key, not the new one\n`,
            );
          }
        }
        if (wanted.includes('secret') && !secretMissing) {
          process.stderr.write(
            `note: Cairn signs with the new workspace secret from its next start; the old one is accepted for ${graceDays} days\n`,
          );
        }
      });
    });
}

async function withStore(flags: { db?: string }, body: (store: Store) => Promise<void>) {
  const store = await storeFromSettings(readSettings(flags));
  try {
    await store.migrate();
    await body(store);
  } finally {
    await store.close();
  }
}

/**
 * One comment line per key saying where it comes from, then the workspace secret as a
 * `CAIRN_WORKSPACE_SECRET=` line when it is stored (products need it to compute user hashes; it
 * is a signing key, so Cairn keeps its value). The output can be given to `eval`.
 */
export async function describeKeys(store: Store, env: KeysFromEnv, now: number): Promise<string> {
  const lines: string[] = [];
  for (const name of KEY_NAMES) {
    const { env: variable, setting } = KEY_INFO[name];
    const stored = await store.getSetting(setting);
    const where = env[name]
      ? `from ${variable}`
      : !stored
        ? 'none yet: made on the first `cairn serve`, or now by `cairn keys rotate`'
        : name === 'secret'
          ? 'stored in the database (a signing key: its value is kept)'
          : isHashed(stored)
            ? 'stored as a SHA-256 hash; its value was shown once, when it was made'
            : 'stored in plain text by an older Cairn; hashed on the next start';
    lines.push(`# ${LABELS[name]}: ${where}`);
  }
  for (const previous of await previousSecrets(store, env)) {
    if (previous.until === null) {
      lines.push('# previous workspace secret: from CAIRN_PREVIOUS_WORKSPACE_SECRET, accepted');
    } else if (previous.until > now) {
      const until = new Date(previous.until).toISOString();
      lines.push(`# previous workspace secret: accepted until ${until}`);
    }
  }
  lines.push('# New keys, shown once: cairn keys rotate [write|server|admin|secret]');
  const secret = await store.getSetting(KEY_INFO.secret.setting);
  if (secret && !env.secret) lines.push(`${KEY_INFO.secret.env}=${secret}`);
  return lines.join('\n') + '\n';
}
