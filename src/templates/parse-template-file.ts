import type { TemplateIssue } from './template-error.js';
import type { TemplateFileName } from './template-file-name.js';
import type { TemplateKind, TemplateSettings, TemplateSource } from './template-source.js';

/** Front-matter keys whose values are Liquid, rendered per recipient. */
export const LIQUID_FIELDS: Record<TemplateKind, readonly string[]> = {
  email: ['subject', 'preheader'],
  inapp: ['title', 'cta_label', 'cta_url'],
  text: [],
};

const SETTING_KEYS: Record<TemplateKind, readonly (keyof TemplateSettings)[]> = {
  email: ['category', 'topic', 'layout'],
  inapp: ['category', 'topic'],
  text: ['format'],
};

const NAME = /^[a-z][a-z0-9_]*$/;
const SETTING_VALUES: Record<keyof TemplateSettings, (v: string) => string | null> = {
  category: (v) =>
    v === 'marketing' || v === 'transactional' ? null : 'expected marketing or transactional',
  topic: (v) => (NAME.test(v) ? null : 'expected a topic name in snake_case'),
  layout: (v) => (NAME.test(v) ? null : 'expected a layout name, default or none'),
  format: (v) => (v === 'plain' || v === 'slack' ? null : 'expected plain or slack'),
};

const LINE = /^([a-z_][a-z0-9_]*)[ \t]*:[ \t]*(.*?)[ \t]*$/;

/**
 * Reads one template file: an optional front-matter block between `---` lines, then the body.
 * The front-matter is deliberately not YAML but `key: value` lines whose value is taken verbatim
 * (one pair of surrounding quotes removed): a subject like `{{ user.first_name }}, welcome`
 * needs no quoting, where YAML would read `{{` as a mapping.
 */
export function parseTemplateFile(
  file: string,
  name: TemplateFileName,
  text: string,
): { template: TemplateSource | null; issues: TemplateIssue[] } {
  const issues: TemplateIssue[] = [];
  const issue = (line: number, column: number, path: string, message: string) =>
    issues.push({ code: 'front-matter', file, line, column, path, message });
  const template: TemplateSource = {
    file,
    ...name,
    fields: {},
    settings: {},
    body: { file, path: '', source: text, line: 1, column: 1 },
  };
  if (!/^---[ \t]*\r?\n/.test(text)) return { template, issues };

  const allowed = [...LIQUID_FIELDS[name.kind], ...SETTING_KEYS[name.kind]];
  let offset = text.indexOf('\n') + 1;
  for (let line = 2; ; line++) {
    if (offset >= text.length) {
      issue(1, 1, '', 'the front-matter is not closed: expected a line with ---');
      return { template: null, issues };
    }
    const end = text.indexOf('\n', offset);
    const next = end === -1 ? text.length : end + 1;
    const content = text.slice(offset, end === -1 ? text.length : end).replace(/\r$/, '');
    if (/^---[ \t]*$/.test(content)) {
      template.body = { file, path: '', source: text.slice(next), line: line + 1, column: 1 };
      break;
    }
    offset = next;
    if (content.trim() === '' || content.trimStart().startsWith('#')) continue;
    const match = LINE.exec(content);
    if (!match) {
      issue(line, 1, '', 'expected `key: value`');
      continue;
    }
    const [, key, raw] = match;
    let value = raw;
    let column = content.length - content.replace(/^[^:]*:[ \t]*/, '').length + 1;
    if (/^(".*"|'.*')$/.test(value)) {
      value = value.slice(1, -1);
      column += 1;
    }
    if (!allowed.includes(key)) {
      issue(line, 1, key, `unknown key; allowed keys: ${allowed.join(', ')}`);
    } else if (key in template.fields || key in template.settings) {
      issue(line, 1, key, 'this key is given twice');
    } else if (LIQUID_FIELDS[name.kind].includes(key)) {
      template.fields[key] = { file, path: key, source: value, line, column };
    } else {
      const setting = key as keyof TemplateSettings;
      const problem = SETTING_VALUES[setting](value);
      if (problem) issue(line, column, key, `${problem}, not "${value}"`);
      else {
        Object.assign(template.settings, { [setting]: value });
        template.settingAt = { ...template.settingAt, [setting]: { line, column } };
      }
    }
  }
  return { template, issues };
}
