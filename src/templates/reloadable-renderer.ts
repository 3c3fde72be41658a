import type { LiquidRenderer } from './liquid-renderer.js';
import type { RenderContext } from './render-context.js';
import type { RenderedEmail, RenderedInApp, RenderedText, Renderer } from './renderer.js';
import type { TemplateKind } from './template-source.js';

/**
 * The templates in force in a running process. A reload compiles and checks a whole new set
 * first and swaps it in one assignment only if it passes, so a render sees one set from start
 * to end and a broken edit never replaces working templates.
 */
export class ReloadableRenderer implements Renderer {
  constructor(private current: LiquidRenderer) {}

  replace(next: LiquidRenderer): void {
    this.current = next;
  }

  has(kind: TemplateKind, templateId: string): boolean {
    return this.current.has(kind, templateId);
  }

  topicOf(kind: TemplateKind, templateId: string): string | null {
    return this.current.topicOf(kind, templateId);
  }

  renderEmail(templateId: string, context: RenderContext): RenderedEmail {
    return this.current.renderEmail(templateId, context);
  }

  renderInApp(templateId: string, context: RenderContext): RenderedInApp {
    return this.current.renderInApp(templateId, context);
  }

  renderText(templateId: string, context: RenderContext): RenderedText {
    return this.current.renderText(templateId, context);
  }
}
