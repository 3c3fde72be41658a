import type { Command } from 'commander';
import { DefinitionsError, loadDefinitions } from '../../definitions/index.js';

export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description('Check workspace definitions; errors name file, line, field and what is expected')
    .argument(
      '[file]',
      'the definitions file (env CAIRN_CONFIG)',
      process.env.CAIRN_CONFIG ?? 'cairn.yaml',
    )
    .action(async (file: string) => {
      try {
        const { definitions, version } = await loadDefinitions(file);
        const count = (section: object | undefined) => Object.keys(section ?? {}).length;
        const personas = new Set(
          Object.values(definitions.personas ?? {}).flatMap((d) => d.rules.map((r) => r.persona)),
        ).size;
        process.stdout.write(
          `${file}: valid (version ${version}): ${count(definitions.milestones)} milestones, ` +
            `${personas} personas, ${count(definitions.segments)} segments\n`,
        );
      } catch (error) {
        if (!(error instanceof DefinitionsError)) throw error;
        process.stderr.write(`${error.message}\n`);
        process.stderr.write(`${error.issues.length} problem(s) in ${file}\n`);
        process.exitCode = 1;
      }
    });
}
