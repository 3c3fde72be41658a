/** The subset of Slack's incoming-webhook payload Cairn sends (api.slack.com/messaging/webhooks). */
export interface SlackPayload {
  /** The notification and fallback text, in mrkdwn. */
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | {
      type: 'actions';
      elements: { type: 'button'; text: { type: 'plain_text'; text: string }; url: string }[];
    };

/** Slack's three escapes; everything a user typed goes through it, so `<!channel>` in a name
 * is text, not a ping. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack truncates nothing for us: it rejects the payload. These are its documented limits. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A payload from text already escaped for mrkdwn (a `format: slack` text template). */
export function slackTextPayload(mrkdwn: string): SlackPayload {
  return {
    text: clip(mrkdwn, 3000),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: clip(mrkdwn, 3000) } }],
  };
}
