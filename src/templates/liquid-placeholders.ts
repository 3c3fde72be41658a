import { createHash } from 'node:crypto';
import { TokenKind, Tokenizer, type Liquid, type TagToken } from 'liquidjs';
import { TemplateError } from './template-error.js';
import { advance, liquidIssue, partLocator, type Locator, type Origin } from './liquid-part.js';
import type { LiquidPart } from './template-source.js';

interface Protected {
  source: string;
  /** The tag name (`if`, `for`…), or null for an output `{{ … }}`. */
  tag: string | null;
  origin: Origin;
}

/** A stretch of the restored source that came from one Liquid token in a file. */
interface Span {
  start: number;
  end: number;
  source: string;
  origin: Origin;
}

/**
 * Hides Liquid from MJML. Each `{{ … }}` and `{% … %}` becomes a placeholder word
 * (`lq1f2e3d4c17x`) that MJML's XML parser, its CSS inliner and the text converter all pass
 * through untouched — unlike raw Liquid, whose quotes, `<` comparisons and block tags between
 * elements MJML would mangle or drop. After the compile, `restore` puts the Liquid back.
 *
 * The prefix is derived from the sources (and checked not to occur in them), so the same input
 * gives the same protected MJML and the compile cache hits across reloads.
 */
export class LiquidPlaceholders {
  private readonly tokens: Protected[] = [];
  readonly prefix: string;

  constructor(seed: string) {
    let prefix = '';
    for (let i = 0; !prefix || seed.includes(prefix); i++) {
      prefix = `lq${createHash('sha256').update(`${i}:${seed}`).digest('hex').slice(0, 8)}`;
    }
    this.prefix = prefix;
  }

  pattern(): RegExp {
    return new RegExp(`${this.prefix}(\\d+)x`, 'g');
  }

  /** Replaces every Liquid token of `part` with a placeholder. */
  protect(part: LiquidPart, engine: Liquid): string {
    const locate = partLocator(part);
    let tokens;
    try {
      tokens = new Tokenizer(part.source, engine.options.operators).readTopLevelTokens(
        engine.options,
      );
    } catch (error) {
      throw new TemplateError([liquidIssue(error, locate)], { cause: error });
    }
    let out = '';
    for (const token of tokens) {
      const text = part.source.slice(token.begin, token.end);
      if (token.kind === TokenKind.HTML) {
        out += text;
        continue;
      }
      const tag = token.kind === TokenKind.Tag ? (token as TagToken).name : null;
      out += `${this.prefix}${this.tokens.length}x`;
      this.tokens.push({ source: text, tag, origin: locate(token.begin) });
    }
    return out;
  }

  /** The placeholders found in `text`, by token index, in order of appearance. */
  found(text: string): number[] {
    return [...text.matchAll(this.pattern())].map((m) => Number(m[1]));
  }

  isTag(index: number): boolean {
    const token = this.tokens[index];
    return token !== undefined && token.tag !== null;
  }

  tagName(index: number): string | null {
    return this.tokens[index]?.tag ?? null;
  }

  origin(index: number): Origin {
    return this.tokens[index].origin;
  }

  source(index: number): string {
    return this.tokens[index].source;
  }

  get size(): number {
    return this.tokens.length;
  }

  /** The tag placeholders inside `text`, concatenated: what must survive when `text` is cut out,
   * so that every `{% if %}` keeps its `{% endif %}`. */
  tagsIn(text: string): string {
    let out = '';
    for (const index of this.found(text)) {
      if (this.isTag(index)) out += `${this.prefix}${index}x`;
    }
    return out;
  }

  /**
   * Wraps literal `{{` / `{%` of `text` in `{% raw %}`. The text part decodes entities, so an
   * email that shows `&#123;&#123;` in HTML would otherwise grow live Liquid in its text part.
   */
  guardLiterals(text: string): string {
    let out = '';
    let last = 0;
    let inRaw = false;
    const guard = (piece: string) =>
      !inRaw && /\{[{%]/.test(piece) ? `{% raw %}${piece}{% endraw %}` : piece;
    for (const match of text.matchAll(this.pattern())) {
      out += guard(text.slice(last, match.index)) + match[0];
      const tag = this.tagName(Number(match[1]));
      if (tag === 'raw' || tag === 'comment') inRaw = true;
      if (tag === 'endraw' || tag === 'endcomment') inRaw = false;
      last = (match.index ?? 0) + match[0].length;
    }
    return out + guard(text.slice(last));
  }

  /** Puts the Liquid back, with a locator from offsets in the result to file positions. */
  restore(text: string, fallback: Origin): { source: string; locate: Locator } {
    const spans: Span[] = [];
    let source = '';
    let last = 0;
    for (const match of text.matchAll(this.pattern())) {
      const token = this.tokens[Number(match[1])];
      source += text.slice(last, match.index);
      spans.push({ start: source.length, end: source.length + token.source.length, ...token });
      source += token.source;
      last = (match.index ?? 0) + match[0].length;
    }
    source += text.slice(last);
    const locate: Locator = (offset) => {
      let lo = 0;
      let hi = spans.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const span = spans[mid];
        if (offset < span.start) hi = mid - 1;
        else if (offset >= span.end) lo = mid + 1;
        else return advance(span.origin, span.source, offset - span.start);
      }
      return fallback;
    };
    return { source, locate };
  }
}
