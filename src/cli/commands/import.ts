import type { Command } from 'commander';
import { systemClock } from '../../core/clock.js';
import { readSettings } from '../../config/settings.js';
import { loadDefinitions } from '../../definitions/index.js';
import { importEvents } from '../../runtime/import-events.js';
import { Workspace } from '../../runtime/workspace.js';
import { storeFromSettings } from '../../runtime/store-from-settings.js';
import { ProgressBar } from '../progress-bar.js';

export function importCommand(program: Command): void {
  program
    .command('import')
    .description('Backfill history from an NDJSON file of Segment calls (never triggers messages)')
    .argument('<file>', 'NDJSON file: one Segment call (with its "type") per line')
    .option('--db <file>', 'SQLite file when DATABASE_URL is not set (env CAIRN_DB)')
    .option(
      '--batch <n>',
      'events per transaction (default: up to 20,000, ending sooner at 10,000 users and accounts)',
    )
    .option(
      '-c, --config <file>',
      'workspace definitions: derive milestones, segments… while importing (env CAIRN_CONFIG)',
    )
    .action(async (file: string, flags: { db?: string; batch?: string; config?: string }) => {
      const batchSize = flags.batch === undefined ? undefined : Number(flags.batch);
      if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
        throw new Error('--batch must be a positive whole number');
      const settings = readSettings(flags);
      const workspace = new Workspace(
        settings.configFile ? await loadDefinitions(settings.configFile) : null,
      );
      const store = await storeFromSettings(settings);
      const bar = new ProgressBar();
      try {
        await store.migrate();
        const result = await importEvents(store, file, systemClock, {
          batchSize,
          workspace,
          onProgress: (p) => {
            const rate = Math.round(p.stored / Math.max(bar.elapsed(), 0.001));
            bar.update(p.bytesRead, p.totalBytes, `${p.stored} events (${rate}/s)`);
          },
          onInvalidLine: (line, errors) => {
            process.stderr.write(
              `\n${file}:${line}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}\n`,
            );
          },
        });
        bar.done();
        process.stdout.write(
          `imported ${result.stored} events (${result.duplicates} already stored, ${result.invalid} invalid lines) in ${bar.elapsed().toFixed(1)} s\n`,
        );
        if (result.invalid > 0) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
