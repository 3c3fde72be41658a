import { clip, escapeMrkdwn, type SlackBlock, type SlackPayload } from './slack-payload.js';

/** A sales or customer-success alert about one person (playbook P2's "personal outreach"). */
export interface CsmAlert {
  person: { name: string; url?: string };
  account?: { name: string; seats?: number };
  /** What they did, as a phrase: "viewed pricing 3× this week". */
  signal: string;
  score?: number;
  /** Where they stand, as a phrase: "still on trial". */
  status?: string;
  /** A Slack user id (`U024BE7LH`) notifies them; a plain name is only shown. */
  owner?: { slackUserId: string } | { name: string };
  /** Link buttons: "Open profile", "Open in CRM". At most 5 are shown. */
  actions?: { label: string; url: string }[];
}

/**
 * "Dana (Acme, 40 seats) viewed pricing 3× this week, score 72, still on trial — owner: @sam"
 * as the notification text, plus blocks that show the same with the name linked, the facts in a
 * context line and link buttons. Every value from users is escaped.
 */
export function formatCsmAlert(alert: CsmAlert): SlackPayload {
  const { person, account, owner } = alert;
  const name = escapeMrkdwn(person.name);
  let who = name;
  if (account) {
    const seats =
      account.seats === undefined ? '' : `, ${account.seats} seat${account.seats === 1 ? '' : 's'}`;
    who += ` (${escapeMrkdwn(account.name)}${seats})`;
  }
  const facts: string[] = [];
  if (alert.score !== undefined) facts.push(`score ${alert.score}`);
  if (alert.status) facts.push(escapeMrkdwn(alert.status));
  let ownerText = '';
  if (owner) {
    ownerText =
      'slackUserId' in owner
        ? `<@${owner.slackUserId.replace(/[^A-Z0-9]/gi, '')}>`
        : `@${escapeMrkdwn(owner.name.replace(/^@/, ''))}`;
  }
  const signal = escapeMrkdwn(alert.signal);
  const text =
    [`${who} ${signal}`, ...facts].join(', ') + (ownerText ? ` — owner: ${ownerText}` : '');

  const linked = person.url && /^https?:\/\//.test(person.url) ? `<${person.url}|${name}>` : name;
  const headline = `*${linked}*${who.slice(name.length)} ${signal}`;
  const context: string[] = [];
  if (alert.score !== undefined) context.push(`Score *${alert.score}*`);
  if (alert.status) context.push(escapeMrkdwn(alert.status));
  if (ownerText) context.push(`owner: ${ownerText}`);
  const blocks: SlackBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: clip(headline, 3000) } },
  ];
  if (context.length > 0) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: clip(context.join(' · '), 3000) }],
    });
  }
  const buttons = (alert.actions ?? []).filter((a) => /^https?:\/\//.test(a.url)).slice(0, 5);
  if (buttons.length > 0) {
    blocks.push({
      type: 'actions',
      elements: buttons.map((a) => ({
        type: 'button',
        text: { type: 'plain_text', text: clip(a.label, 75) },
        url: clip(a.url, 3000),
      })),
    });
  }
  return { text: clip(text, 3000), blocks };
}
