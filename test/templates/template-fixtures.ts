import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `files` (name → text) into a fresh `templates/` folder; returns its path. */
export async function writeTemplates(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'cairn-templates-'));
  const dir = join(root, 'templates');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

export async function removeTemplates(dir: string): Promise<void> {
  await rm(dirname(dir), { recursive: true, force: true });
}

/** The activation email of playbook P1, as a workspace would write it. */
export const WELCOME = `---
subject: {{ user.first_name }}, your {{ event.properties.source }} data is in — café next?
preheader: {{ account.name }} is one report away from its first insight
topic: onboarding
---
<p>Hi {{ user.first_name }},</p>
<p>You connected <b>{{ event.properties.source }}</b> ({{ event.properties.tables }} tables).
Teams at {{ account.name }} usually build a first report next.</p>
{% if milestones.report_created.reached %}
<p>You already created a report: share it with a teammate.</p>
{% else %}
<p><a href="https://app.example.com/reports/new?source={{ event.properties.source | url_encode }}">Create your first report</a></p>
{% endif %}
`;
