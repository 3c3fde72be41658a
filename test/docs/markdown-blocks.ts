/** A fenced block of a markdown file. */
export interface FencedBlock {
  /** The info string: `sh`, `sh norun`, `json`, or empty. */
  info: string;
  /** Line of the opening fence, 1-based. */
  line: number;
  content: string;
  /** The block right after this one (only blank lines between), if any: its documented output. */
  output?: FencedBlock;
}

/** The fenced blocks of a markdown text, in order, each linked to the block right after it. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: (FencedBlock & { end: number })[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    blocks.push({
      info: open[1].trim(),
      line: start + 1,
      content: lines.slice(start + 1, end).join('\n'),
      end,
    });
    i = end;
  }
  for (let b = 0; b + 1 < blocks.length; b++) {
    const between = lines.slice(blocks[b].end + 1, blocks[b + 1].line - 1);
    if (between.every((line) => line.trim() === '')) blocks[b].output = blocks[b + 1];
  }
  return blocks;
}

/**
 * Whether what a command printed matches the output documented under it. Times, ids, cursors
 * and durations differ on every run, so both sides are normalized; a documented line holding
 * `…` matches anything in its place, and a line of `…` alone stands for lines left out. Every
 * other documented line must be printed, each by its own line; not necessarily in order, since
 * lists of things that happened in the same millisecond (runs, messages) have no fixed order.
 */
export function matchesDocumented(actual: string, documented: string): string | null {
  const got = actual.split('\n').map(normalize).filter(Boolean);
  const used = new Set<number>();
  for (const raw of documented.split('\n')) {
    const line = normalize(raw);
    if (!line || line === '…') continue;
    // curl prints `{"success":true}` without a newline: what follows shares its line.
    const pattern = new RegExp(
      '^(\\{"success":true\\})*' + line.split('…').map(escapeRegExp).join('.*') + '$',
    );
    const at = got.findIndex((candidate, index) => !used.has(index) && pattern.test(candidate));
    if (at === -1) return `documented line not printed: ${raw.trim()}\nprinted:\n${actual}`;
    used.add(at);
  }
  return null;
}

function normalize(line: string): string {
  return (
    line
      .trim()
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .replace(/[0-9a-f]{32}/g, '<hex>')
      .replace(/"timeToFirstValueMs": ?\d+/g, '"timeToFirstValueMs":<ms>')
      // A decaying score read at the moment of the request: its last digits move with the clock.
      .replace(/\d+\.\d{9,}/g, '<decaying>')
      .replace(/(\d+ expectations), \d+ ms\)/g, '$1, <ms>)')
      .replace(/\s+/g, ' ')
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
