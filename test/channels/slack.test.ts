import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { formatCsmAlert } from '../../src/channels/slack/format-csm-alert.js';
import { SlackChannel } from '../../src/channels/slack/slack-channel.js';
import { slackTextPayload } from '../../src/channels/slack/slack-payload.js';
import { FakeClock } from '../../src/core/clock.js';

const alert = {
  person: { name: 'Dana', url: 'https://cairn.example.com/users/user_42' },
  account: { name: 'Acme', seats: 40 },
  signal: 'viewed pricing 3× this week',
  score: 72,
  status: 'still on trial',
  owner: { name: '@sam' },
  actions: [
    { label: 'Open profile', url: 'https://cairn.example.com/users/user_42' },
    { label: 'Not a link', url: 'javascript:alert(1)' },
  ],
};

describe('Slack CSM alert', () => {
  it('reads as one sentence in the notification text', () => {
    assert.equal(
      formatCsmAlert(alert).text,
      'Dana (Acme, 40 seats) viewed pricing 3× this week, score 72, still on trial — owner: @sam',
    );
  });

  it('shows the same as blocks: linked name, a context line, link buttons', () => {
    assert.deepEqual(formatCsmAlert(alert).blocks, [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*<https://cairn.example.com/users/user_42|Dana>* (Acme, 40 seats) viewed pricing 3× this week',
        },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'Score *72* · still on trial · owner: @sam' }],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open profile' },
            url: 'https://cairn.example.com/users/user_42',
          },
        ],
      },
    ]);
  });

  it('mentions an owner by Slack id, and leaves out what it does not know', () => {
    const payload = formatCsmAlert({
      person: { name: 'Lee' },
      account: { name: 'Solo', seats: 1 },
      signal: 'invited 3 teammates',
      owner: { slackUserId: 'U024BE7LH' },
    });
    assert.equal(payload.text, 'Lee (Solo, 1 seat) invited 3 teammates — owner: <@U024BE7LH>');
    assert.equal(payload.blocks.length, 2);
  });

  it('escapes what users typed, so a name cannot ping a channel or forge a link', () => {
    const payload = formatCsmAlert({
      person: { name: '<!channel> & <https://evil|click>' },
      signal: 'signed up',
    });
    assert.equal(payload.text, '&lt;!channel&gt; &amp; &lt;https://evil|click&gt; signed up');
    assert.doesNotMatch(JSON.stringify(payload), /<!channel>/);
  });

  it('wraps text from a slack-format template', () => {
    assert.deepEqual(slackTextPayload('*Dana* upgraded'), {
      text: '*Dana* upgraded',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Dana* upgraded' } }],
    });
  });
});

describe('Slack channel', () => {
  const bodies: string[] = [];
  const replies: [number, string, Record<string, string>?][] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      const [status, text, headers] = replies.shift() ?? [200, 'ok'];
      res.writeHead(status, headers).end(text);
    });
  });
  let url: string;
  const channel = new SlackChannel({ clock: new FakeClock() });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/services/T0/B0/x`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the payload as JSON', async () => {
    const payload = formatCsmAlert(alert);
    const result = await channel.send({ idempotencyKey: 'alert:1', webhookUrl: url, payload });
    assert.deepEqual(result, { ok: true, providerId: 'alert:1', detail: 'HTTP 200' });
    assert.deepEqual(JSON.parse(bodies[0]), payload);
  });

  it("classifies Slack's refusals", async () => {
    replies.push([404, 'no_service'], [429, 'rate_limited', { 'retry-after': '30' }]);
    const gone = await channel.send({
      idempotencyKey: 'a',
      webhookUrl: url,
      payload: slackTextPayload('x'),
    });
    assert.ok(!gone.ok);
    assert.deepEqual([gone.error.kind, gone.error.message], ['permanent', 'HTTP 404: no_service']);
    const limited = await channel.send({
      idempotencyKey: 'b',
      webhookUrl: url,
      payload: slackTextPayload('x'),
    });
    assert.ok(!limited.ok);
    assert.deepEqual([limited.error.kind, limited.error.retryAfterMs], ['temporary', 30_000]);
  });
});
