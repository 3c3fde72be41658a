/**
 * The fields of one block of RFC 822-style header lines, by lower-case name. A name that occurs
 * twice keeps its first value: the report fields read here occur once per block.
 */
export type HeaderFields = ReadonlyMap<string, string>;

const FIELD = /^([!-9;-~]+)[ \t]*:[ \t]*(.*)$/;

/**
 * Reads header-style text into blocks separated by blank lines: a `message/delivery-status` part
 * is one block of per-message fields followed by one block per recipient (RFC 3464 §2.1), a
 * `message/feedback-report` one block (RFC 5965 §3), a message's header one block ending at its
 * first blank line. Folded lines are unfolded (RFC 5322 §2.2.3); a line that is neither a field
 * nor a continuation is skipped, as is an empty block. Pure.
 */
export function parseHeaderBlocks(text: string): HeaderFields[] {
  const blocks: Map<string, string>[] = [];
  let block = new Map<string, string>();
  let last: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      if (block.size) blocks.push(block);
      block = new Map();
      last = null;
    } else if (/^[ \t]/.test(line)) {
      if (last !== null) block.set(last, `${block.get(last)} ${line.trim()}`.trim());
    } else {
      const match = FIELD.exec(line);
      last = null;
      if (!match) continue;
      const name = match[1].toLowerCase();
      if (block.has(name)) continue;
      block.set(name, match[2].trim());
      last = name;
    }
  }
  if (block.size) blocks.push(block);
  return blocks;
}

/** The header fields of a message (or of a header-only part): its first block. */
export function parseHeader(text: string): HeaderFields {
  const end = /\r?\n\r?\n/.exec(text);
  return parseHeaderBlocks(end ? text.slice(0, end.index) : text)[0] ?? new Map();
}
