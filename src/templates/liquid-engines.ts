import { Liquid } from 'liquidjs';

/** One engine per output format: they differ only in how a variable's value is escaped. */
export interface LiquidEngines {
  /** Email HTML and in-app bodies: values are HTML-escaped (`| raw` opts out). */
  html: Liquid;
  /** Subjects, plain-text parts, in-app titles, webhook text: values are inserted as they are. */
  text: Liquid;
  /** Slack mrkdwn: `&`, `<` and `>` escaped, so a user named `<!channel>` pings nobody. */
  slack: Liquid;
}

/** Slack's three mrkdwn escapes (api.slack.com: "Escaping text"). */
export function slackEscape(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Strict engines: an unknown variable or filter is an error, never an empty string.
 * `lenientIf` keeps `{% if account %}` and `| default:` usable for optional data, which is how
 * a template says "this may be missing" on purpose. Dates print in UTC unless a template says
 * otherwise, so a preview and the real send agree whatever the server's time zone.
 */
export function createLiquidEngines(): LiquidEngines {
  const make = (outputEscape?: 'escape' | ((value: unknown) => string)) => {
    const engine = new Liquid({
      strictVariables: true,
      strictFilters: true,
      lenientIf: true,
      ownPropertyOnly: true,
      timezoneOffset: 0,
      cache: false,
      outputEscape,
    });
    // Partials would read files at render time, outside the compile-once path and its checks.
    for (const tag of ['include', 'render', 'layout']) {
      engine.registerTag(tag, {
        parse() {
          throw new Error(`{% ${tag} %} is not supported in Cairn templates`);
        },
        render() {},
      });
    }
    return engine;
  };
  return { html: make('escape'), text: make(), slack: make(slackEscape) };
}
