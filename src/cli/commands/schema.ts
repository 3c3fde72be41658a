import type { Command } from 'commander';
import { definitionsJsonSchema } from '../../definitions/index.js';

export function schemaCommand(program: Command): void {
  program
    .command('schema')
    .description(
      'Print the JSON Schema of cairn.yaml, for editor completion (cairn schema > cairn.schema.json)',
    )
    .action(() => {
      process.stdout.write(`${JSON.stringify(definitionsJsonSchema(), null, 2)}\n`);
    });
}
