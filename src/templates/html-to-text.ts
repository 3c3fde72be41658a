const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  times: '×',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  zwnj: '',
  zwj: '',
  shy: '',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const PARAGRAPH_END = /<\/(p|h[1-6]|tr|table|ul|ol|blockquote)\s*>/gi;
const LINE_END = /<\/(div|section|header|footer|article)\s*>|<br\s*\/?>/gi;

/**
 * The plain-text part of an email, from its HTML. It runs once per template, on the compiled
 * HTML while Liquid is still hidden behind placeholders, and yields a Liquid template of its own:
 * so the text part costs nothing extra per recipient. `keep` returns what must survive from a
 * cut region (the Liquid block tags inside it), so the text template stays well-formed.
 *
 * Links become `label (url)`; the preheader, head, styles and Outlook-only markup are dropped;
 * paragraphs are separated by one blank line.
 */
export function htmlToText(html: string, keep: (region: string) => string = () => ''): string {
  let s = html;
  const cut = (pattern: RegExp) => {
    s = s.replace(pattern, (region) => keep(region));
  };
  cut(/<!--[\s\S]*?-->/g);
  cut(/<head\b[\s\S]*?<\/head\s*>/gi);
  cut(/<(style|script|title)\b[\s\S]*?<\/\1\s*>/gi);
  // MJML's preheader: a hidden div that inbox previews show and readers never see.
  cut(/<div\b[^>]*display\s*:\s*none[^>]*>[\s\S]*?<\/div\s*>/gi);
  s = s.replace(/\s+/g, ' ');
  s = s.replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (_whole, attrs: string, inner: string) => {
    const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrs);
    const url = (href?.[1] ?? href?.[2] ?? '').trim();
    const others = keep(href ? attrs.replace(href[0], '') : attrs);
    const label = inner.replace(/<[^>]*>/g, (tag) => keep(tag)).trim();
    const plainLabel = decodeEntities(label);
    const plainUrl = decodeEntities(url);
    if (
      !url ||
      url.startsWith('#') ||
      plainUrl === plainLabel ||
      plainUrl === `mailto:${plainLabel}`
    ) {
      return others + label + keep(url);
    }
    return `${others}${label ? `${label} (${url})` : url}`;
  });
  s = s.replace(/<li\b[^>]*>/gi, (tag) => `\n- ${keep(tag)}`);
  s = s.replace(/<hr\b[^>]*>/gi, (tag) => `\n\n${keep(tag)}`);
  s = s.replace(PARAGRAPH_END, '\n\n');
  s = s.replace(LINE_END, '\n');
  s = s.replace(/<\/t[dh]\s*>/gi, ' ');
  s = s.replace(/<[^>]*>/g, (tag) => keep(tag));
  return tidyText(decodeEntities(s));
}

/** Trims lines, keeps at most one blank line in a row, single spaces. Also run per recipient
 * after rendering, since a Liquid `if` that renders nothing leaves its line behind; hence one
 * pass with one regular expression. */
export function tidyText(text: string): string {
  return text
    .replace(/[ \t\u00a0]*\n[ \t\u00a0\n]*|[ \t\u00a0]{2,}|\t|\u00a0/g, (run) => {
      const first = run.indexOf('\n');
      if (first === -1) return ' ';
      return run.indexOf('\n', first + 1) === -1 ? '\n' : '\n\n';
    })
    .trim();
}
