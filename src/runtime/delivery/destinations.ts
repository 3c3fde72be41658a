/**
 * Where team alerts go. `notify` steps name a destination (`to: customer_success`); the URLs
 * and secrets are deployment settings, read from the environment like every other secret:
 *
 *   CAIRN_SLACK_WEBHOOK_URL                 Slack incoming webhook for alerts without `to`
 *   CAIRN_SLACK_WEBHOOK_URL_<TO>            the one for `to: <to>` (upper-cased)
 *   CAIRN_WEBHOOK_URL, CAIRN_WEBHOOK_URL_<TO>       webhook endpoints, likewise
 *   CAIRN_WEBHOOK_SECRET, CAIRN_WEBHOOK_SECRET_<TO> their `whsec_…` signing secrets
 */
export interface Destinations {
  slackUrl(to: string | null): string | null;
  webhook(to: string | null): { url: string; secret: string } | null;
}

export function destinationsFromEnv(env: NodeJS.ProcessEnv = process.env): Destinations {
  const read = (name: string, to: string | null) =>
    (to ? env[`${name}_${to.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] : undefined) ||
    env[name] ||
    null;
  return {
    slackUrl: (to) => read('CAIRN_SLACK_WEBHOOK_URL', to),
    webhook: (to) => {
      const url = read('CAIRN_WEBHOOK_URL', to);
      const secret = read('CAIRN_WEBHOOK_SECRET', to);
      return url && secret ? { url, secret } : null;
    },
  };
}
