import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { readSettings } from '../../src/config/settings.js';
import { FakeClock } from '../../src/core/clock.js';
import { DefinitionsError } from '../../src/definitions/index.js';
import { startCairn, type Cairn } from '../../src/runtime/cairn.js';
import { scratchDatabase, selectedDialects } from '../support/test-stores.js';
import { eventually } from '../support/eventually.js';

const YAML = `name: Acme
milestones:
  report_created: { event: Report Created }
journeys:
  first_report:
    trigger: { milestone: report_created }
    steps:
      - { id: celebrate, send: first_report }
`;
const template = (subject: string, body = '<p>Hi {{ user.first_name | default: "there" }}</p>') =>
  `---\nsubject: ${subject}\n---\n${body}\n`;

for (const dialect of selectedDialects()) {
  describe(`templates at start and reload (${dialect})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-templates-reload-'));
    const file = join(dir, 'cairn.yaml');
    const templates = join(dir, 'templates');
    const cleanups: (() => Promise<void>)[] = [];
    let cairn: Cairn | undefined;
    after(async () => {
      await cairn?.close();
      for (const cleanup of cleanups) await cleanup();
      rmSync(dir, { recursive: true, force: true });
    });
    const settings = async () => {
      const env: NodeJS.ProcessEnv = {
        CAIRN_WRITE_KEY: 'wk',
        CAIRN_ADMIN_KEY: 'ak',
        CAIRN_OUTBOX_DIR: join(dir, 'outbox'),
      };
      if (dialect === 'postgres') {
        const db = await scratchDatabase();
        cleanups.push(db.drop);
        env.DATABASE_URL = db.url;
      }
      return readSettings({ config: file, db: join(dir, 'cairn.db'), port: '0' }, env);
    };
    const subject = async () => {
      const res = await cairn!.app.inject({
        method: 'POST',
        url: '/api/templates/first_report/preview',
        headers: { authorization: 'Bearer ak' },
        payload: {},
      });
      return res.statusCode === 200 ? (res.json().subject as string) : `${res.statusCode}`;
    };

    it('refuses to start with broken templates, as with broken definitions', async () => {
      writeFileSync(file, YAML);
      mkdirSync(templates);
      writeFileSync(
        join(templates, 'first_report.mjml.liquid'),
        template('Nice', '{{ acount.name }}'),
      );
      await assert.rejects(
        startCairn(await settings(), pino({ level: 'silent' }), new FakeClock()),
        (error) => {
          assert.ok(error instanceof DefinitionsError);
          assert.equal(
            error.message,
            `${templates}/first_report.mjml.liquid:4:4 unknown variable acount`,
          );
          return true;
        },
      );
    });

    it('swaps in valid template changes, refuses broken ones and definitions they do not fit', async () => {
      writeFileSync(join(templates, 'first_report.mjml.liquid'), template('First report'));
      cairn = await startCairn(await settings(), pino({ level: 'silent' }), new FakeClock());
      assert.equal(await subject(), 'First report');

      writeFileSync(
        join(templates, 'first_report.mjml.liquid'),
        template('Your first report is live'),
      );
      await eventually(
        async () => (await subject()) === 'Your first report is live',
        'the new template is in force',
      );

      // A broken edit is refused: the previous template keeps being sent.
      writeFileSync(join(templates, 'first_report.mjml.liquid'), template('{{ acount.name }}'));
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(await subject(), 'Your first report is live');

      // A journey whose template does not exist: the definitions change is refused.
      const version = cairn.workspace.definitions!.version;
      writeFileSync(
        join(templates, 'first_report.mjml.liquid'),
        template('Your first report is live'),
      );
      writeFileSync(file, `${YAML}      - { id: share, send: share_it }\n`);
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.equal(cairn.workspace.definitions!.version, version);

      // Once the template exists, the same change is taken (touching cairn.yaml again).
      writeFileSync(join(templates, 'share_it.mjml.liquid'), template('Share it'));
      writeFileSync(file, `${YAML}      - { id: share, send: share_it }\n# with share_it\n`);
      await eventually(
        () => cairn!.workspace.definitions!.version !== version,
        'the change is taken',
      );
      const res = await cairn.app.inject({
        method: 'POST',
        url: '/api/templates/share_it/preview',
        headers: { authorization: 'Bearer ak' },
        payload: {},
      });
      assert.equal(res.json().subject, 'Share it');
    });
  });
}
