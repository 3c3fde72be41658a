import type { RenderContext } from './render-context.js';
import type { Category, TemplateKind } from './template-source.js';

/** What every rendered message says about where it came from (for the delivery log). */
export interface RenderedFrom {
  templateId: string;
  /** The file that was rendered: the persona variant when one applied, else the base. */
  file: string;
  /** The persona whose variant was used, or null for the base template. */
  persona: string | null;
  category: Category;
  /** The subscription topic of a marketing message (null: marketing email in general). */
  topic: string | null;
}

export interface RenderedEmail extends RenderedFrom {
  /** One line: whitespace and line breaks collapsed. */
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface RenderedInApp extends RenderedFrom {
  /** Plain text. */
  title: string;
  /** An HTML fragment, variables escaped. */
  body: string;
  cta: { label: string; url: string } | null;
}

export interface RenderedText extends RenderedFrom {
  text: string;
  format: 'plain' | 'slack';
}

/**
 * The templates port: renders a message for one recipient. Synchronous on purpose: templates
 * are compiled when definitions load (that is where slow work and errors belong), so a render is
 * pure CPU, and the runner can render inside its send loop without awaiting.
 *
 * Every method throws a `TemplateError` (with file and line) for an unknown template id or a
 * variable the context does not have; it never returns a message with a silently empty hole.
 */
export interface Renderer {
  renderEmail(templateId: string, context: RenderContext): RenderedEmail;
  renderInApp(templateId: string, context: RenderContext): RenderedInApp;
  renderText(templateId: string, context: RenderContext): RenderedText;
  /**
   * The subscription topic a template declares (front-matter `topic`), or null, also for an
   * unknown template. Consent is decided before rendering, so it is asked for without a render.
   */
  topicOf(kind: TemplateKind, templateId: string): string | null;
}
