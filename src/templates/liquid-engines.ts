import { Drop, Liquid } from 'liquidjs';
import { narrowString } from './narrow-string.js';

/** One engine per output format: they differ only in how a variable's value is escaped. */
export interface LiquidEngines {
  /** Email HTML: values HTML-escaped, and anything beyond ASCII as a character reference. */
  email: Liquid;
  /** In-app bodies: values are HTML-escaped (`| raw` opts out). */
  html: Liquid;
  /** Subjects, plain-text parts, in-app titles, webhook text: values are inserted as they are. */
  text: Liquid;
  /** Slack mrkdwn: `&`, `<` and `>` escaped, so a user named `<!channel>` pings nobody. */
  slack: Liquid;
}

/** How liquidjs prints a value: nothing for nil, lists joined without a separator, a drop by
 * its `valueOf`. */
export function liquidString(value: unknown): string {
  if (value instanceof Drop) return liquidString(value.valueOf());
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(liquidString).join('');
  return String(value);
}

/** Slack's three mrkdwn escapes (api.slack.com: "Escaping text"). */
export function slackEscape(value: unknown): string {
  return liquidString(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};
const NOT_ASCII = /[\u0080-\uffff]/;
/** Any character emailEscape changes: the HTML five, line breaks, anything not ASCII. */
const NEEDS_EMAIL_ESCAPE = /[&<>"'\r\n\u0080-\uffff]/;

/** `é` → `&#xe9;`: the same character to every mail client, in ASCII. */
export function characterReferences(run: string): string {
  let out = '';
  for (const char of run) out += `&#x${(char.codePointAt(0) as number).toString(16)};`;
  return out;
}

/**
 * liquidjs' HTML escape, plus character references for non-ASCII and CRLF line breaks. With the
 * same done to the template's static HTML at compile time, an email's HTML is ASCII with CRLF
 * whatever the language, so it goes out as 7bit as it is: no quoted-printable pass, no line-end
 * conversion over every recipient's HTML.
 */
export function emailEscape(value: unknown): string {
  let text = liquidString(value);
  // Most values (numbers, names, dates) need none of it: given back as they are.
  if (!NEEDS_EMAIL_ESCAPE.test(text)) return text;
  text = text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
  if (NOT_ASCII.test(text)) {
    text = narrowString(text.replace(/[\u0080-\uffff]+/g, characterReferences));
  }
  // Line breaks as CRLF, like the compiled HTML around it: the result is ready for the wire.
  return text.includes('\n') || text.includes('\r') ? text.replace(/\r?\n|\r/g, '\r\n') : text;
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
  return { email: make(emailEscape), html: make('escape'), text: make(), slack: make(slackEscape) };
}
