import type { Command } from 'commander';
import { readSettings } from '../../config/settings.js';
import { systemClock } from '../../core/clock.js';
import { hashPassword, passwordProblem } from '../../dashboard/password.js';
import { emailProblem, normalEmail } from '../../dashboard/team-email.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';
import type { TeamRole } from '../../store/team-store.js';
import { readPassword } from './read-password.js';

interface AddFlags {
  role: string;
  passwordStdin?: boolean;
  db?: string;
}

/**
 * `cairn users add EMAIL --role admin|viewer`: a team member who signs in to the dashboard (not
 * an end user of the product). Added under the `users` group, created here if no other command
 * made it first.
 */
export function teamCommand(program: Command): void {
  const users =
    program.commands.find((c) => c.name() === 'users') ??
    program.command('users').description('Manage users');
  users
    .command('add')
    .description('Add a dashboard team member (password prompted, or --password-stdin)')
    .argument('<email>', 'the member signs in with this email')
    .requiredOption('--role <role>', 'admin (may change things) or viewer (reads only)')
    .option('--password-stdin', 'read the password from standard input (for scripts)')
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .action(async (email: string, flags: AddFlags) => {
      if (flags.role !== 'admin' && flags.role !== 'viewer') {
        throw new Error(`--role: expected admin or viewer, got ${JSON.stringify(flags.role)}`);
      }
      const emailIssue = emailProblem(email);
      if (emailIssue) throw new Error(`email: ${emailIssue}`);
      const password = await readPassword(flags.passwordStdin === true);
      const issue = passwordProblem(password);
      if (issue) throw new Error(`password: ${issue}`);
      const settings = readSettings({ db: flags.db });
      const store = await storeFromSettings(settings);
      try {
        await store.migrate();
        const added = await store.team.addMember({
          email: normalEmail(email),
          role: flags.role as TeamRole,
          passwordHash: await hashPassword(password),
          createdAt: systemClock.now(),
        });
        if (!added) throw new Error(`${normalEmail(email)} is already a team member`);
        await store.team.appendAudit({
          at: systemClock.now(),
          actor: 'cli',
          action: `member added (${flags.role})`,
          target: normalEmail(email),
          status: 200,
        });
        process.stdout.write(`added ${normalEmail(email)} as ${flags.role}\n`);
      } finally {
        await store.close();
      }
    });
}
