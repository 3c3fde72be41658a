import { htmlToText } from './html-to-text.js';
import { characterReferences, type LiquidEngines } from './liquid-engines.js';
import { advance, compileLiquid, type CompiledPart, type Origin } from './liquid-part.js';
import { LiquidPlaceholders } from './liquid-placeholders.js';
import type { MjmlCompiler } from './mjml-compiler.js';
import { TemplateError, type TemplateIssue } from './template-error.js';
import { CONTENT_MARKER, type LayoutSource, type LiquidPart } from './template-source.js';

export interface CompiledEmailBody {
  /** Liquid over MJML's HTML output (ASCII, CRLF): rendered per recipient, escaping values. */
  html: CompiledPart;
  /** Liquid over the text converted from that HTML: rendered per recipient, unescaped. */
  text: CompiledPart;
}

/**
 * Compiles an email body once for all recipients: protect the Liquid (placeholders), merge into
 * the layout, run MJML on that, convert the HTML to text, then put the Liquid back in both and
 * parse them. Per recipient only Liquid runs.
 *
 * The other ways were worse. Rendering Liquid before MJML would run MJML per recipient (ms each).
 * Handing MJML raw Liquid breaks on quotes in attributes and `<` in conditions, and drops tags
 * that sit between elements; placeholders are plain words every stage passes through. A Liquid
 * tag MJML still drops, copies or moves (outside mj-text, mj-button, mj-raw) is reported here
 * rather than leaving a broken `{% if %}` behind.
 */
export async function compileEmailBody(
  body: LiquidPart,
  layout: LayoutSource | null,
  engines: LiquidEngines,
  mjml: MjmlCompiler,
): Promise<CompiledEmailBody> {
  const placeholders = new LiquidPlaceholders(`${layout?.body.source ?? ''}\0${body.source}`);
  const start: Origin = { file: body.file, path: '', line: body.line, column: body.column };
  let content = placeholders.protect(body, engines.html);
  let source: string;
  if (layout === null) {
    if (!content.includes('<mjml')) {
      throw new TemplateError([
        issue(start, 'with layout: none the body is a whole <mjml> document'),
      ]);
    }
    source = content;
  } else {
    // A body that is not MJML is HTML: it becomes one text block, the common case kept short.
    if (!/^<mj-/.test(content.replace(placeholders.pattern(), '').trim())) {
      content = `<mj-section><mj-column><mj-text>${content}</mj-text></mj-column></mj-section>`;
    }
    const part = layout.body;
    const at = part.source.indexOf(CONTENT_MARKER);
    const after = at + CONTENT_MARKER.length;
    const afterOrigin = advance(
      { file: part.file, path: '', line: part.line, column: part.column },
      part.source,
      after,
    );
    source =
      placeholders.protect({ ...part, source: part.source.slice(0, at) }, engines.html) +
      content +
      placeholders.protect(
        {
          ...part,
          source: part.source.slice(after),
          line: afterOrigin.line,
          column: afterOrigin.column,
        },
        engines.html,
      );
  }

  const out = await mjml.compile(source);
  const issues: TemplateIssue[] = [];
  for (const error of out.errors) {
    // An attribute holding Liquid cannot be validated before rendering; MJML sees a placeholder.
    if (!error.message.includes(placeholders.prefix)) {
      issues.push(
        issue(start, `MJML: ${error.message.replace(/^Line \d+ of [^(]*\([^)]*\) — /, '')}`),
      );
    }
  }
  issues.push(...survivalIssues(placeholders, out.html));
  if (issues.length > 0) throw new TemplateError(issues);

  const text = placeholders.guardLiterals(
    htmlToText(out.html, (region) => placeholders.tagsIn(region)),
  );
  // CRLF now, as SMTP needs it, rather than converting every recipient's copy.
  const html = placeholders.restore(asciiHtml(out.html).replace(/\r?\n/g, '\r\n'), start);
  const plain = placeholders.restore(text, start);
  return {
    html: compileLiquid(engines.email, html.source, html.locate),
    text: compileLiquid(engines.text, plain.source, plain.locate),
  };
}

/** Non-ASCII text as character references, except in `<style>`, where CSS does not read them.
 * Liquid is still behind placeholders here, so string literals in it stay as written. */
function asciiHtml(html: string): string {
  if (!/[\u0080-\uffff]/.test(html)) return html;
  return html
    .split(/(<style\b[\s\S]*?<\/style\s*>)/i)
    .map((piece, i) =>
      i % 2 === 1 ? piece : piece.replace(/[\u0080-\uffff]+/g, characterReferences),
    )
    .join('');
}

/** Every Liquid token must come out of MJML; every tag exactly once and in its order. */
function survivalIssues(placeholders: LiquidPlaceholders, html: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const seen = new Map<number, number>();
  const tagOrder: number[] = [];
  for (const index of placeholders.found(html)) {
    seen.set(index, (seen.get(index) ?? 0) + 1);
    if (placeholders.isTag(index)) tagOrder.push(index);
  }
  for (let index = 0; index < placeholders.size; index++) {
    const count = seen.get(index) ?? 0;
    const what = placeholders.source(index);
    const origin = placeholders.origin(index);
    if (count === 0) {
      issues.push(
        issue(origin, `${what} is dropped by MJML: Liquid between MJML elements goes in <mj-raw>`),
      );
    } else if (count > 1 && placeholders.isTag(index)) {
      issues.push(
        issue(origin, `${what} is copied by MJML (as in mj-title); a Liquid tag cannot go here`),
      );
    }
  }
  for (let i = 1; i < tagOrder.length; i++) {
    if (tagOrder[i] < tagOrder[i - 1]) {
      const what = placeholders.source(tagOrder[i]);
      issues.push(
        issue(placeholders.origin(tagOrder[i]), `${what} is moved by MJML; wrap it in <mj-raw>`),
      );
      break;
    }
  }
  return issues;
}

function issue(origin: Origin, message: string): TemplateIssue {
  return { ...origin, path: '', code: 'mjml', message };
}
