import mjml2html from 'mjml';

export interface MjmlOutput {
  html: string;
  errors: { line: number; message: string; tagName: string }[];
}

/** Distinct MJML sources kept; a workspace has a few dozen templates, reloads add a few more. */
const MAX_ENTRIES = 1000;

/**
 * Runs MJML, at most once per distinct source. MJML takes milliseconds per template (it parses
 * XML, computes widths, inlines CSS), which is why it never runs per recipient; this cache also
 * spares it when definitions reload and a template did not change. Share one instance per process.
 */
export class MjmlCompiler {
  private readonly cache = new Map<string, Promise<MjmlOutput>>();
  /** How many times MJML actually ran: every other call was answered from the cache. */
  compiles = 0;

  compile(source: string): Promise<MjmlOutput> {
    let result = this.cache.get(source);
    if (!result) {
      this.compiles++;
      result = run(source);
      if (this.cache.size >= MAX_ENTRIES)
        this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(source, result);
      // A failure is not cached: the next call (a fixed file, a retried load) runs MJML again.
      result.catch(() => this.cache.delete(source));
    }
    return result;
  }
}

async function run(source: string): Promise<MjmlOutput> {
  // `mj-include` would read files outside the checks and the cache; templates are whole files.
  const out = await mjml2html(source, { validationLevel: 'soft', ignoreIncludes: true });
  return {
    html: out.html,
    errors: out.errors.map((e) => ({ line: e.line, message: e.message, tagName: e.tagName })),
  };
}
