import { compileEmailBody, type CompiledEmailBody } from './compile-email-body.js';
import { DEFAULT_LAYOUT } from './default-layout.js';
import { tidyText } from './html-to-text.js';
import { createLiquidEngines, type LiquidEngines } from './liquid-engines.js';
import { compilePart, renderPart, type CompiledPart } from './liquid-part.js';
import { loadTemplates } from './load-templates.js';
import { MjmlCompiler } from './mjml-compiler.js';
import { pickVariant } from './pick-variant.js';
import type { RenderContext } from './render-context.js';
import type {
  RenderedEmail,
  RenderedFrom,
  RenderedInApp,
  RenderedText,
  Renderer,
} from './renderer.js';
import { TemplateError, type TemplateIssue } from './template-error.js';
import type { ResolvedTemplate, TemplateSet } from './template-set.js';
import type { LayoutSource, TemplateKind } from './template-source.js';

interface Compiled {
  from: ResolvedTemplate;
  parts: Record<string, CompiledPart>;
  body: CompiledPart;
  /** Email only. */
  email?: CompiledEmailBody;
}

interface Family {
  base: Compiled;
  variants: Map<string, Compiled>;
}

export interface LiquidRendererOptions {
  /** Share one across reloads so unchanged templates are not compiled again. */
  mjml?: MjmlCompiler;
  /** Where the templates live, for "no such template" messages. Default `templates`. */
  displayDir?: string;
  /**
   * false: every part is rendered by liquidjs itself rather than by the direct path
   * (render-steps.ts), which renders the common constructs several times faster with the same
   * output (tested). For comparing the two. Default true.
   */
  directPath?: boolean;
}

const EXTENSIONS: Record<TemplateKind, string> = { email: 'mjml', inapp: 'inapp', text: 'text' };

/** Collapses a subject or title to one line: a header cannot hold a line break. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The Liquid implementation of the Renderer port. `create` compiles every template up front (MJML
 * once per layout and template, Liquid parsed once) and reports all problems together; after that
 * a render is Liquid only.
 */
export class LiquidRenderer implements Renderer {
  private constructor(
    private readonly engines: LiquidEngines,
    private readonly families: Map<string, Family>,
    private readonly displayDir: string,
  ) {}

  static async fromDirectory(
    dir: string,
    options: LiquidRendererOptions = {},
  ): Promise<LiquidRenderer> {
    const { set, issues } = await loadTemplates(dir);
    if (issues.length > 0) throw new TemplateError(issues);
    return LiquidRenderer.create(set, options);
  }

  static async create(
    set: TemplateSet,
    options: LiquidRendererOptions = {},
  ): Promise<LiquidRenderer> {
    const engines = createLiquidEngines();
    const mjml = options.mjml ?? new MjmlCompiler();
    const issues: TemplateIssue[] = [];
    const compileOne = async (t: ResolvedTemplate): Promise<Compiled | null> => {
      try {
        return await compileTemplate(t, set.layouts, engines, mjml);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        issues.push(...error.issues);
        return null;
      }
    };
    const families = new Map<string, Family>();
    await Promise.all(
      set.templates.map(async (family) => {
        const base = await compileOne(family.base);
        const variants = new Map<string, Compiled>();
        for (const [persona, variant] of family.variants) {
          const compiled = await compileOne(variant);
          if (compiled) variants.set(persona, compiled);
        }
        if (base) families.set(`${family.kind}:${family.id}`, { base, variants });
      }),
    );
    if (issues.length > 0) throw new TemplateError(issues);
    if (options.directPath === false) {
      for (const { base, variants } of families.values()) {
        for (const compiled of [base, ...variants.values()]) {
          const { parts, body, email } = compiled;
          for (const part of [...Object.values(parts), body, email?.html, email?.text]) {
            if (part) part.steps = null;
          }
        }
      }
    }
    return new LiquidRenderer(engines, families, options.displayDir ?? 'templates');
  }

  has(kind: TemplateKind, templateId: string): boolean {
    return this.families.has(`${kind}:${templateId}`);
  }

  topicOf(kind: TemplateKind, templateId: string): string | null {
    // Persona variants inherit the base's topic (template-set.ts): one topic per template.
    return this.families.get(`${kind}:${templateId}`)?.base.from.settings.topic ?? null;
  }

  renderEmail(templateId: string, context: RenderContext): RenderedEmail {
    const t = this.pick('email', templateId, context);
    const { text: textEngine, html: htmlEngine } = this.engines;
    const subject = oneLine(renderPart(textEngine, t.parts.subject, context));
    const preheader = t.parts.preheader
      ? oneLine(renderPart(textEngine, t.parts.preheader, context))
      : '';
    const marketing = t.from.settings.category === 'marketing';
    const scope = { ...context, message: { subject, preheader, marketing } };
    const body = t.email as CompiledEmailBody;
    const text = renderPart(textEngine, body.text, scope);
    return {
      ...from(templateId, t),
      subject,
      preheader,
      html: renderPart(htmlEngine, body.html, scope),
      // The text was tidied when compiled; only a tag that rendered nothing can untidy it.
      text: body.text.hasTags ? tidyText(text) : text,
    };
  }

  renderInApp(templateId: string, context: RenderContext): RenderedInApp {
    const t = this.pick('inapp', templateId, context);
    const { text, html } = this.engines;
    let cta: RenderedInApp['cta'] = null;
    if (t.parts.cta_label && t.parts.cta_url) {
      const url = renderPart(text, t.parts.cta_url, context).trim();
      // The widget puts this in an href: only web links, never `javascript:`.
      if (!/^(https?:\/\/|\/)/i.test(url)) {
        const at = t.parts.cta_url.locate(0);
        throw new TemplateError([
          {
            ...at,
            code: 'syntax',
            message: `cta_url must be an http(s) or /relative link, not "${url}"`,
          },
        ]);
      }
      cta = { label: oneLine(renderPart(text, t.parts.cta_label, context)), url };
    }
    return {
      ...from(templateId, t),
      title: oneLine(renderPart(text, t.parts.title, context)),
      body: renderPart(html, t.body, context).trim(),
      cta,
    };
  }

  renderText(templateId: string, context: RenderContext): RenderedText {
    const t = this.pick('text', templateId, context);
    const format = t.from.settings.format;
    const engine = format === 'slack' ? this.engines.slack : this.engines.text;
    return { ...from(templateId, t), text: renderPart(engine, t.body, context).trim(), format };
  }

  /** The first of the user's personas, in dimension order, that has a variant; else the base. */
  private pick(kind: TemplateKind, templateId: string, context: RenderContext): Compiled {
    const family = this.families.get(`${kind}:${templateId}`);
    if (!family) {
      const file = `${this.displayDir}/${templateId}.${EXTENSIONS[kind]}.liquid`;
      throw new TemplateError([
        {
          code: 'missing-template',
          file,
          line: 0,
          column: 0,
          path: '',
          message: `no ${kind} template ${templateId}`,
        },
      ]);
    }
    return pickVariant(family.variants, context.persona) ?? family.base;
  }
}

function from(templateId: string, t: Compiled): RenderedFrom {
  return {
    templateId,
    file: t.from.source.file,
    persona: t.from.source.persona,
    category: t.from.settings.category,
    topic: t.from.settings.topic,
  };
}

async function compileTemplate(
  t: ResolvedTemplate,
  layouts: Map<string, LayoutSource>,
  engines: LiquidEngines,
  mjml: MjmlCompiler,
): Promise<Compiled> {
  const { kind } = t.source;
  const issues: TemplateIssue[] = [];
  const parts: Record<string, CompiledPart> = {};
  for (const [name, part] of Object.entries(t.fields)) {
    try {
      parts[name] = compilePart(engines.text, part);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      issues.push(...error.issues);
    }
  }
  let body: CompiledPart | null = null;
  let email: CompiledEmailBody | undefined;
  try {
    if (kind === 'email') {
      const name = t.settings.layout;
      const layout = name === 'none' ? null : (layouts.get(name) ?? DEFAULT_LAYOUT);
      email = await compileEmailBody(t.source.body, layout, engines, mjml);
      body = email.html;
    } else {
      const engine =
        kind === 'inapp'
          ? engines.html
          : t.settings.format === 'slack'
            ? engines.slack
            : engines.text;
      body = compilePart(engine, t.source.body);
    }
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || body === null) throw new TemplateError(issues);
  return { from: t, parts, body, email };
}
