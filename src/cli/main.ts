#!/usr/bin/env node
import { Command } from 'commander';
import { version } from '../core/version.js';
import { importCommand } from './commands/import.js';
import { keysCommand } from './commands/keys.js';
import { migrateCommand } from './commands/migrate.js';
import { previewCommand } from './commands/preview.js';
import { schemaCommand } from './commands/schema.js';
import { serveCommand } from './commands/serve.js';
import { simulateCommand } from './commands/simulate.js';
import { statsCommand } from './commands/stats.js';
import { teamCommand } from './commands/team.js';
import { testCommand } from './commands/test.js';
import { usersCommand } from './commands/users.js';
import { validateCommand } from './commands/validate.js';

const program = new Command('cairn')
  .description('Behavior-driven lifecycle messaging for SaaS products')
  .version(version())
  .showHelpAfterError();

serveCommand(program);
migrateCommand(program);
importCommand(program);
keysCommand(program);
validateCommand(program);
testCommand(program);
previewCommand(program);
schemaCommand(program);
simulateCommand(program);
statsCommand(program);
usersCommand(program);
teamCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`cairn: ${(error as Error).message}\n`);
  process.exit(1);
});
