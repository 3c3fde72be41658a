import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { readSettings } from '../../config/settings.js';
import { findProfile } from '../../http/find-profile.js';
import { eraseUser } from '../../runtime/data-rights/erase-user.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';

/** `cairn users <subcommand>`: the people Cairn knows. Each subcommand adds itself to the group. */
export function usersCommand(program: Command): void {
  const users = program.command('users').description('Manage the users Cairn holds data about');
  deleteUserCommand(users);
}

function deleteUserCommand(users: Command): void {
  users
    .command('delete')
    .description(
      'Erase a user and everything held about them (a data-subject request); their addresses stay suppressed, by hash',
    )
    .argument('<id>', 'userId, or an anonymousId merged into the user')
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .option('-c, --config <file>', 'workspace definitions, cairn.yaml (env CAIRN_CONFIG)')
    .action(async (id: string, flags: { db?: string; config?: string }) => {
      const settings = readSettings(flags);
      const store = await storeFromSettings(settings);
      try {
        await store.migrate();
        const profile = await findProfile(store, id);
        const erasure =
          profile &&
          (await eraseUser(store, profile.id, {
            clock: systemClock,
            actor: 'cli',
            outboxDir: settings.smtpUrl ? null : settings.outboxDir,
          }));
        if (!erasure) {
          process.stderr.write(`cairn: no user ${JSON.stringify(id)}\n`);
          process.exitCode = 1;
          return;
        }
        const { rows } = erasure.record;
        process.stdout.write(
          `erased user ${JSON.stringify(id)}: ${rows.events} events, ${rows.messages} messages, ` +
            `${rows.runs} journey runs, ${rows.aliases} aliases, ${erasure.files} outbox files; ` +
            `${erasure.suppressed} addresses suppressed; erasure ${erasure.record.id}\n`,
        );
      } finally {
        await store.close();
      }
    });
}
