import type { Definitions, TemplateReference } from '../definitions/index.js';
import { referencedTemplates } from '../definitions/index.js';
import type { Path } from '../definitions/rule-walk.js';
import { formatPath } from '../definitions/rule-walk.js';
import type { DefinitionIssue } from '../definitions/definitions-error.js';
import { closest } from '../definitions/suggest.js';
import type { TemplateSet } from './template-set.js';
import type { TemplateKind } from './template-source.js';

/** The kind of template each channel renders. */
export const CHANNEL_KIND: Record<TemplateReference['channel'], TemplateKind> = {
  email: 'email',
  inapp: 'inapp',
  slack: 'text',
  webhook: 'text',
};

const EXTENSION: Record<TemplateKind, string> = { email: 'mjml', inapp: 'inapp', text: 'text' };
const KINDS: readonly TemplateKind[] = ['email', 'inapp', 'text'];
const KIND_NAME: Record<TemplateKind, string> = {
  email: 'an email',
  inapp: 'an in-app message',
  text: 'a text (Slack or webhook) template',
};

/** Where a path is written in cairn.yaml; `locate` from the definitions' positions. */
export type Locate = (path: Path) => { line: number; column: number };

/**
 * Checks the journeys' template references against a templates folder: every step's template
 * must exist in the kind its channel renders (email → `.mjml.liquid`, in-app → `.inapp.liquid`,
 * Slack and webhooks → `.text.liquid`), and an email's category must agree with the step: a
 * `transactional: true` step with a marketing template would carry unsubscribe links for a
 * message consent does not apply to, and the reverse would send marketing without them.
 * Problems point at the step in cairn.yaml.
 */
export function checkTemplateReferences(
  definitions: Definitions,
  set: TemplateSet,
  file: string,
  locate: Locate,
  displayDir = 'templates',
): DefinitionIssue[] {
  const families = new Map(set.templates.map((f) => [`${f.kind}:${f.id}`, f]));
  const ids = [...new Set(set.templates.map((f) => f.id))];
  const issues: DefinitionIssue[] = [];
  for (const ref of referencedTemplates(definitions)) {
    const kind = CHANNEL_KIND[ref.channel];
    const family = families.get(`${kind}:${ref.template}`);
    const at = (message: string, where: Path = [...ref.path, 'template']) => {
      issues.push({ file, ...locate(where), path: formatPath(where), message });
    };
    if (!family) {
      const expected = `${displayDir}/${ref.template}.${EXTENSION[kind]}.liquid`;
      const other = KINDS.find((k) => families.has(`${k}:${ref.template}`));
      const guess = closest(ref.template, ids);
      const hint = other
        ? `; ${displayDir}/${ref.template}.${EXTENSION[other]}.liquid is ${KIND_NAME[other]}, not for the ${ref.channel} channel`
        : guess
          ? `; did you mean ${guess}?`
          : '';
      at(`no ${kind} template ${ref.template}: expected ${expected}${hint}`);
      continue;
    }
    if (ref.kind !== 'send' || kind === 'text') continue;
    const transactional = sendOf(definitions, ref).transactional === true;
    const { category } = family.base.settings;
    const templateFile = family.base.source.file;
    if (transactional && category === 'marketing')
      at(
        `the step is transactional, but ${templateFile} is marketing (unsubscribe links, ` +
          'consent): add category: transactional to its front-matter',
        [...ref.path, 'transactional'],
      );
    else if (!transactional && category === 'transactional')
      at(
        `${templateFile} is transactional, but this step is not: add transactional: true ` +
          'to the step, or remove category: transactional from the template',
      );
  }
  return issues;
}

/** The `send` mapping of a reference's step, as validated (shorthands expanded). */
function sendOf(definitions: Definitions, ref: TemplateReference): { transactional?: boolean } {
  let node: unknown = definitions;
  for (const part of ref.path) node = (node as Record<string | number, unknown>)?.[part];
  return (node ?? {}) as { transactional?: boolean };
}
