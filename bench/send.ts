/**
 * `npm run bench:send`: emails/s rendered and dispatched to the dev outbox (signed links, Liquid
 * render of subject, preheader, HTML and text, click links and open pixel (tracking, on by
 * default as in `cairn serve`), MIME build, one `.eml` file written per message),
 * beside the bare render rate of the same template measured in the same run. Prints the ratio.
 * Targets: ≥ 5,000 emails/s, ratio ≥ 0.5.
 *
 * Options (env): BENCH_EMAILS (default 20000), BENCH_ROUNDS (3, the median is reported),
 * BENCH_CONCURRENCY (64 sends in flight), BENCH_OUTBOX_DIR (default: a folder in the OS temp dir),
 * BENCH_TRACKING (`off` leaves the HTML untouched, as CAIRN_TRACKING=off does).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxChannel } from '../src/channels/email/outbox-channel.js';
import { toEmailMessage } from '../src/channels/email/to-email-message.js';
import { buildLinks } from '../src/consent/build-links.js';
import { trackEmailHtml } from '../src/consent/track-email-html.js';
import { systemClock } from '../src/core/clock.js';
import { LiquidRenderer } from '../src/templates/liquid-renderer.js';
import { MjmlCompiler } from '../src/templates/mjml-compiler.js';
import type { RenderContext } from '../src/templates/render-context.js';
import { sampleRenderContext } from '../src/templates/sample-render-context.js';

const EMAILS = Number(process.env.BENCH_EMAILS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const TRACKING = process.env.BENCH_TRACKING !== 'off';

// Playbook P1's "first source connected, no report yet" email: data-quoting copy, a checklist
// loop, branches on milestones and persona, a button, the default layout with its footer.
const TEMPLATE = `---
subject: {{ user.first_name | default: "Hi" }}, your {{ event.properties.source }} data is ready for a first report
preheader: {{ account.name }} connected {{ event.properties.tables }} tables — one report away from its first insight
topic: onboarding
---
<mj-section><mj-column>
  <mj-text font-size="22px" font-weight="600">Your {{ event.properties.source }} data is in, {{ user.first_name }}</mj-text>
  <mj-text>
    <p>You connected <b>{{ event.properties.source }}</b> ({{ event.properties.tables }} tables) to {{ account.name }}'s workspace.
    Teams of {{ account.seats }} like yours usually build a first report within a day — and the ones who share it
    with a teammate in their first week are five times as likely to stay.</p>
    {% if milestones.report_created.reached %}<p>You already created a report: share it with your team next.</p>
    {% else %}<p>Start from your {{ event.properties.source }} tables: pick one, choose a chart, save.</p>{% endif %}
  </mj-text>
  <mj-button href="https://app.example.com/reports/new?source={{ event.properties.source }}&amp;u={{ user.id }}">Create your first report</mj-button>
  <mj-text>
    <p><b>Your onboarding, {{ user.first_name }}:</b></p>
    <ul>{% for m in checklist %}<li>{% if m.done %}✓{% else %}○{% endif %} {{ m.title }}</li>{% endfor %}</ul>
    {% if persona.path == "technical" %}<p>Prefer code? The <a href="https://docs.example.com/api">API reference</a> covers the same in three calls.</p>{% endif %}
    <p>Questions? Reply to this email — it reaches {{ account.owner }}, your success manager.</p>
  </mj-text>
</mj-column></mj-section>
`;

function recipients(count: number, round: number): RenderContext[] {
  const names = ['Dana', 'Sam', 'Lee', 'Ana', 'Noor', 'Jules', 'Mika', 'Ravi'];
  const sources = ['PostgreSQL', 'BigQuery', 'Snowflake', 'MySQL', 'Stripe'];
  return Array.from({ length: count }, (_, i) => {
    const context = sampleRenderContext({
      persona: i % 3 === 0 ? { path: 'technical' } : { path: 'business' },
    });
    context.user = {
      ...context.user,
      id: `user_${round}_${i}`,
      first_name: names[i % names.length],
    };
    context.account = {
      ...context.account!,
      name: `Company ${i % 997}`,
      seats: 5 + (i % 50),
      owner: 'Sam Rivera',
    };
    context.event = {
      ...context.event!,
      properties: { source: sources[i % sources.length], tables: 3 + (i % 40) },
    };
    context.milestones.report_created = { reached: i % 4 === 0 };
    (context as RenderContext & { checklist: unknown }).checklist = [
      { title: 'Connect a data source', done: true },
      { title: 'Create a report', done: i % 4 === 0 },
      { title: 'Share it with a teammate', done: false },
    ];
    return context;
  });
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'cairn-bench-send-'));
  const templates = join(work, 'templates');
  await mkdir(templates);
  await writeFile(join(templates, 'first_report.mjml.liquid'), TEMPLATE);
  const outboxRoot = process.env.BENCH_OUTBOX_DIR ?? join(work, 'outbox');

  const mjml = new MjmlCompiler();
  let started = performance.now();
  const renderer = await LiquidRenderer.fromDirectory(templates, { mjml });
  const compileMs = performance.now() - started;

  const linkOptions = {
    baseUrl: 'https://cairn.example.com',
    workspaceSecret: 'ws_bench-secret-0123456789abcdef',
    unsubscribeMailbox: 'unsubscribe@mail.example.com',
  };
  const from = { address: 'hello@mail.example.com', name: 'Acme Analytics' };
  const sample = renderer.renderEmail('first_report', recipients(1, 0)[0]);

  // Warm-up, so both measurements run optimised code.
  for (const context of recipients(2000, -1)) renderer.renderEmail('first_report', context);

  const renderRates: number[] = [];
  const sendRates: number[] = [];
  // CPU time (all threads) per email: unlike emails/s, it does not depend on what else the
  // machine is running.
  const renderCpu: number[] = [];
  const sendCpu: number[] = [];
  const cpuSince = (start: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / EMAILS;
  };
  for (let round = 0; round < ROUNDS; round++) {
    const contexts = recipients(EMAILS, round);

    started = performance.now();
    let cpu = process.cpuUsage();
    for (const context of contexts) renderer.renderEmail('first_report', context);
    renderRates.push(rate(EMAILS, performance.now() - started));
    renderCpu.push(cpuSince(cpu));

    const dir = join(outboxRoot, `round-${round}`);
    const outbox = new OutboxChannel({
      dir,
      clock: systemClock,
      messageIdDomain: 'mail.example.com',
    });
    let next = 0;
    let failures = 0;
    started = performance.now();
    cpu = process.cpuUsage();
    // What the runner does per message: sign the links, render, build the email, dispatch.
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < contexts.length) {
          const i = next++;
          const context = contexts[i];
          const idempotencyKey = `run_${round}_${i}:first_report`;
          const links = buildLinks(linkOptions, {
            userId: context.user.id,
            messageKey: idempotencyKey,
            topic: 'onboarding',
          });
          context.links = links;
          let rendered = renderer.renderEmail('first_report', context);
          if (TRACKING) {
            const key = { userId: context.user.id, messageKey: idempotencyKey };
            rendered = {
              ...rendered,
              html: trackEmailHtml(rendered.html, linkOptions, key, links),
            };
          }
          const to = {
            address: `${context.user.id}@customers.example`,
            name: String(context.user.first_name),
          };
          const result = await outbox.send(
            toEmailMessage(rendered, { idempotencyKey, from, to, links }),
          );
          if (!result.ok) failures++;
        }
      }),
    );
    sendRates.push(rate(EMAILS, performance.now() - started));
    sendCpu.push(cpuSince(cpu));
    await outbox.close();
    if (failures > 0) throw new Error(`${failures} sends failed`);
    await rm(dir, { recursive: true, force: true });
  }
  await rm(work, { recursive: true, force: true });
  if (process.env.BENCH_OUTBOX_DIR) await rm(outboxRoot, { recursive: true, force: true });

  const render = median(renderRates);
  const send = median(sendRates);
  const ratio = send / render;
  console.log(
    `template: ${Buffer.byteLength(sample.html)} B of HTML, ${Buffer.byteLength(sample.text)} B of text; compiled in ${compileMs.toFixed(0)} ms (MJML ran ${mjml.compiles}×)`,
  );
  console.log(
    `outbox: ${outboxRoot}; ${EMAILS} emails × ${ROUNDS} rounds, ${CONCURRENCY} in flight`,
  );
  console.log(
    `bare Liquid render:        ${render.toLocaleString('en')} emails/s   (rounds: ${renderRates.join(', ')})`,
  );
  console.log(
    `render + dispatch (outbox): ${send.toLocaleString('en')} emails/s   (rounds: ${sendRates.join(', ')})`,
  );
  const cpuRender = median(renderCpu);
  const cpuSend = median(sendCpu);
  console.log(
    `CPU per email (all threads): render ${cpuRender.toFixed(0)} µs, render + dispatch ${cpuSend.toFixed(0)} µs (ratio ${(cpuRender / cpuSend).toFixed(2)})`,
  );
  console.log(
    `machine: ${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(1)} (1 min)`,
  );
  console.log(
    `ratio: ${ratio.toFixed(2)}   targets: ≥ 5,000 emails/s ${send >= 5000 ? 'met' : 'MISSED'}, ratio ≥ 0.5 ${ratio >= 0.5 ? 'met' : 'MISSED'}`,
  );
}

await main();
