import type { Command } from 'commander';
import { formatIssue } from '../../definitions/index.js';
import { workspaceConfig } from '../workspace-path.js';
import { templatesDirOf, validateWorkspace } from '../../runtime/validate-workspace.js';

export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description(
      'Check workspace definitions and the templates beside them; errors name file, line, field and what is expected',
    )
    .argument(
      '[file]',
      'the definitions file, or its folder (env CAIRN_CONFIG; default ./cairn.yaml)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Checks cairn.yaml, then every template in the templates/ folder beside it: file names,',
        'front-matter, Liquid, unknown variables (against the milestones, persona dimensions and',
        'events cairn.yaml declares), persona variants and topics, what MJML makes of each email,',
        'and that every template a journey names exists for its channel. Prints every problem as',
        'file:line:column and exits 1 if there is any.',
      ].join('\n'),
    )
    .action(async (given: string | undefined) => {
      const file = workspaceConfig(
        given,
        '`cairn validate path/to/workspace` or `cairn validate path/to/cairn.yaml`',
      );
      const { definitions, templates, issues } = await validateWorkspace(file);
      if (issues.length > 0) {
        for (const issue of issues) process.stderr.write(`${formatIssue(issue)}\n`);
        process.stderr.write(`${issues.length} problem(s) in ${file} and its templates\n`);
        process.exitCode = 1;
        return;
      }
      const loaded = definitions!;
      const count = (section: object | undefined) => Object.keys(section ?? {}).length;
      const personas = new Set(
        Object.values(loaded.definitions.personas ?? {}).flatMap((d) =>
          d.rules.map((r) => r.persona),
        ),
      ).size;
      process.stdout.write(
        `${file}: valid (version ${loaded.version}): ${count(loaded.definitions.milestones)} milestones, ` +
          `${personas} personas, ${count(loaded.definitions.segments)} segments, ` +
          `${count(loaded.definitions.journeys)} journeys, ${templates} templates in ${templatesDirOf(file)}\n`,
      );
    });
}
