import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLiquidEngines } from '../../src/templates/liquid-engines.js';
import { compilePart, liquidIssue, renderPart } from '../../src/templates/liquid-part.js';
import { TemplateError } from '../../src/templates/template-error.js';

const TEMPLATES = [
  'plain text only',
  '{{ a }}',
  '{{ obj.k }}',
  '{{ obj.deep.x }}',
  '{{ obj["with space"] }}',
  '{{ list }}',
  '{{ list.size }}',
  '{{ list.first }}',
  '{{ list[0] }}',
  '{{ a.size }}',
  '{{ n }} {{ zero }} {{ f }} {{ t }}',
  '{{ nul }}|{{ nul.x }}',
  '{{ undef }}',
  '{{ undef.x }}',
  '{{ missing }}',
  '{{ obj.missing }}',
  '{{ obj.missing.deeper }}',
  '{{ obj }}',
  '{{ html }}',
  '{{ a | upcase }}',
  '{{ html | raw }}',
  '{{ "literal <b>" }}',
  '{{ fn }}',
  '{% if a %}A{% elsif t %}T{% else %}E{% endif %}',
  '{% if missing %}x{% else %}y{% endif %}',
  '{% if obj.missing.deeper %}x{% else %}y{% endif %}',
  '{% if f %}x{% elsif nul %}n{% elsif undef %}u{% else %}e{% endif %}',
  '{% if list %}L{% endif %}{% if empty %}E{% endif %}{% if zero %}Z{% endif %}',
  '{% if a == "<x & y>" %}eq{% else %}ne{% endif %}',
  '{% if list.size > 1 %}big{% endif %}',
  '{% if list.first %}{{ list.first }}{% endif %}',
  '{% if obj.k %}[{{ obj.k }}]{% if obj.deep %}{{ obj.deep.x }}{% endif %}{% endif %}',
  '{% if obj.k %}{{ obj.nope }}{% endif %}',
  '{% for i in list %}{{ i }}{{ forloop.index }},{% endfor %}',
  '{% unless a %}u{% endunless %}{% case a %}{% when "q" %}q{% else %}c{% endcase %}',
  '{% assign a = "changed" %}{{ a }}{% if a %}{{ a }}{% endif %}',
  '{% capture c %}{{ obj.k }}{% endcapture %}{{ c }}',
];

const SCOPES: Record<string, unknown>[] = [
  {
    a: '<x & y>',
    obj: { k: 'v"\'', deep: { x: 1.5 }, 'with space': 'ws' },
    list: ['one', 'two'],
    n: 42,
    zero: 0,
    f: false,
    t: true,
    nul: null,
    undef: undefined,
    empty: '',
    html: '<i>hi</i>',
    fn: () => 'called',
  },
  {
    a: '',
    obj: { k: null, deep: null },
    list: [],
    nul: null,
    f: false,
    t: false,
    zero: 0,
    empty: '',
    html: '',
  },
  { obj: { k: 0 } },
  Object.assign(Object.create({ a: 'inherited' }) as object, {
    obj: Object.create({ k: 'proto' }),
  }),
];

function outcome(fn: () => string): string {
  try {
    return `ok: ${fn()}`;
  } catch (error) {
    const issue =
      error instanceof TemplateError
        ? error.issues[0]
        : liquidIssue(error, () => ({ file: 'f', path: '', line: 1, column: 1 }));
    return `error: ${issue.message}`;
  }
}

describe('render steps (the direct path) agree with liquidjs', () => {
  const engines = createLiquidEngines();
  for (const [name, engine] of Object.entries(engines)) {
    it(`for the ${name} engine`, () => {
      let direct = 0;
      for (const source of TEMPLATES) {
        const part = compilePart(engine, { file: 'f', path: '', source, line: 1, column: 1 });
        if (part.steps) direct++;
        for (const [i, scope] of SCOPES.entries()) {
          const fast = outcome(() => renderPart(engine, part, scope));
          const reference = outcome(() => engine.renderSync(engine.parse(source), scope) as string);
          assert.equal(fast, reference, `${source} with scope ${i}`);
        }
      }
      assert.ok(direct >= TEMPLATES.length - 2, 'only templates that assign skip the direct path');
    });
  }
});
