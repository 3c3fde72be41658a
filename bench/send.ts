/**
 * `npm run bench:send`: emails/s rendered and dispatched to the dev outbox (signed links, Liquid
 * render of subject, preheader, HTML and text, click links and open pixel (tracking, on by
 * default as in `cairn serve`), MIME build, one `.eml` file written per message),
 * beside the bare render rate of the same template measured in the same run. Prints the ratio.
 * Targets: ≥ 5,000 emails/s, ratio ≥ 0.5. The bare render is Cairn's (its direct path); the
 * same template rendered by liquidjs alone is printed too, for scale.
 *
 * Options (env): BENCH_EMAILS (default 20000), BENCH_ROUNDS (3, the median is reported),
 * BENCH_CONCURRENCY (64 sends in flight), BENCH_OUTBOX_DIR (default: a folder in the OS temp dir,
 * on the disk like a user's `./outbox`; its file system is printed), BENCH_TRACKING (`off`
 * leaves the HTML untouched, as CAIRN_TRACKING=off does).
 *
 * Each round writes new files into a folder of its own; the folders are removed at the end, not
 * between rounds: an ext4 without a journal skips inodes freed in the last minutes when it
 * allocates one, so after 20,000 deletions creating a file costs several times more, for
 * minutes (space disk runs apart), which a real outbox, where files accumulate, does not see.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, statfs, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxChannel } from '../src/channels/email/outbox-channel.js';
import { buildLinks } from '../src/consent/build-links.js';
import { systemClock } from '../src/core/clock.js';
import { composeEmail } from '../src/runtime/delivery/compose-email.js';
import { LiquidRenderer } from '../src/templates/liquid-renderer.js';
import { MjmlCompiler } from '../src/templates/mjml-compiler.js';
import type { RenderContext } from '../src/templates/render-context.js';
import { sampleRenderContext } from '../src/templates/sample-render-context.js';
import { median } from './median.js';

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

// Linux `statfs` magic numbers of the file systems an outbox is likely to be on.
const FILE_SYSTEMS: Record<number, string> = {
  0xef53: 'ext4',
  0x01021994: 'tmpfs',
  0x9123683e: 'btrfs',
  0x58465342: 'xfs',
  0x794c7630: 'overlayfs',
  0x2fc12fc1: 'zfs',
};

/**
 * CPU time in ns of each of this process's threads, where Linux tells it (`schedstat`: exact, not
 * in 10 ms ticks); null elsewhere. Keyed by thread id; the main thread's id is the process id.
 */
function threadCpu(): Map<number, number> | null {
  try {
    const times = new Map<number, number>();
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8');
        times.set(Number(tid), Number(stat.split(' ')[0]));
      } catch {
        // A thread that ended meanwhile.
      }
    }
    return times;
  } catch {
    return null;
  }
}

/**
 * Per email, in µs, where a send round's CPU went: the main thread, the threads it started (the
 * outbox writer), and the others that were already there (V8's helpers: garbage collection and
 * compilation beside the main thread and the writer).
 */
function cpuByThread(before: Map<number, number>, after: Map<number, number>) {
  const split = { main: 0, writer: 0, helpers: 0 };
  for (const [tid, ns] of after) {
    const used = (ns - (before.get(tid) ?? 0)) / 1000 / EMAILS;
    if (tid === process.pid) split.main += used;
    else if (before.has(tid)) split.helpers += used;
    else split.writer += used;
  }
  return split;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'cairn-bench-send-'));
  const templates = join(work, 'templates');
  await mkdir(templates);
  await writeFile(join(templates, 'first_report.mjml.liquid'), TEMPLATE);
  const outboxRoot = process.env.BENCH_OUTBOX_DIR ?? join(work, 'outbox');
  await mkdir(outboxRoot, { recursive: true });
  const fsType = (await statfs(outboxRoot)).type;
  const fileSystem = FILE_SYSTEMS[fsType] ?? `type 0x${fsType.toString(16)}`;

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
  const threadSplits: { main: number; writer: number; helpers: number }[] = [];
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
    const threadsBefore = threadCpu();
    // What the dispatcher does per message: sign the links, then compose (render, track, build
    // the envelope) and hand the email to the channel, with the dispatcher's own code.
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < contexts.length) {
          const i = next++;
          const messageKey = `run_${round}_${i}:first_report`;
          const userId = contexts[i].user.id;
          // A context of its own, as the dispatcher builds one per message.
          const links = buildLinks(linkOptions, { userId, messageKey, topic: 'onboarding' });
          const context = { ...contexts[i], links };
          const to = {
            address: `${userId}@customers.example`,
            name: String(context.user.first_name),
          };
          const result = await outbox.send(
            composeEmail(
              renderer,
              'first_report',
              context,
              { userId, messageKey, to },
              { links: linkOptions, from, tracking: TRACKING },
            ),
          );
          if (!result.ok) failures++;
        }
      }),
    );
    sendRates.push(rate(EMAILS, performance.now() - started));
    sendCpu.push(cpuSince(cpu));
    // Before `close`, which ends the writer thread.
    const threadsAfter = threadCpu();
    if (threadsBefore && threadsAfter) threadSplits.push(cpuByThread(threadsBefore, threadsAfter));
    await outbox.close();
    if (failures > 0) throw new Error(`${failures} sends failed`);
  }
  // The same template rendered by liquidjs alone, without Cairn's direct path (render-steps.ts):
  // for scale, fewer emails (it is several times slower), the same contexts.
  const reference = await LiquidRenderer.fromDirectory(templates, { mjml, directPath: false });
  const referenceRates: number[] = [];
  const referenceCount = Math.max(1, Math.round(EMAILS / 10));
  for (const context of recipients(200, -1)) reference.renderEmail('first_report', context);
  for (let round = 0; round < ROUNDS; round++) {
    const contexts = recipients(referenceCount, round);
    started = performance.now();
    for (const context of contexts) reference.renderEmail('first_report', context);
    referenceRates.push(rate(referenceCount, performance.now() - started));
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
    `outbox: ${outboxRoot} (${fileSystem}); ${EMAILS} emails × ${ROUNDS} rounds, ${CONCURRENCY} in flight`,
  );
  console.log(
    `bare Liquid render:        ${render.toLocaleString('en')} emails/s   (rounds: ${renderRates.join(', ')})`,
  );
  console.log(
    `render + dispatch (outbox): ${send.toLocaleString('en')} emails/s   (rounds: ${sendRates.join(', ')})`,
  );
  const liquidjs = median(referenceRates);
  console.log(
    `liquidjs alone (no direct path): ${liquidjs.toLocaleString('en')} emails/s   (rounds: ${referenceRates.join(', ')}; render + dispatch is ${(send / liquidjs).toFixed(1)}× that)`,
  );
  const cpuRender = median(renderCpu);
  const cpuSend = median(sendCpu);
  console.log(
    `CPU per email (all threads): render ${cpuRender.toFixed(0)} µs, render + dispatch ${cpuSend.toFixed(0)} µs (ratio ${(cpuRender / cpuSend).toFixed(2)})`,
  );
  if (threadSplits.length > 0) {
    const of = (key: 'main' | 'writer' | 'helpers') =>
      median(threadSplits.map((split) => split[key])).toFixed(0);
    console.log(
      `  by thread: main ${of('main')} µs, outbox writer ${of('writer')} µs, V8 helpers (garbage collection, compilation) ${of('helpers')} µs`,
    );
  }
  console.log(
    `machine: ${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(1)} (1 min)`,
  );
  console.log(
    `ratio: ${ratio.toFixed(2)}   targets: ≥ 5,000 emails/s ${send >= 5000 ? 'met' : 'MISSED'}, ratio ≥ 0.5 ${ratio >= 0.5 ? 'met' : 'MISSED'}`,
  );
}

await main();
