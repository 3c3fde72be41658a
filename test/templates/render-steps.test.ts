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
  '{{ a | default: "none" }}|{{ missing | default: "none" }}|{{ obj.missing.x | default: 3 }}|{{ nul | default: "n" }}',
  '{{ f | default: "F" }}|{{ zero | default: "Z" }}|{{ empty | default: "E" }}|{{ list | default: "L" }}|{{ undef | default: "U" }}',
  '{{ f | default: "F", allow_false: true }}|{{ a | default: t }}|{{ html | default: "x" | raw }}',
  '{{ html | raw }}',
  '{{ "literal <b>" }}',
  '{{ fn }}',
  '{% if a %}A{% elsif t %}T{% else %}E{% endif %}',
  '{% if missing %}x{% else %}y{% endif %}',
  '{% if obj.missing.deeper %}x{% else %}y{% endif %}',
  '{% if f %}x{% elsif nul %}n{% elsif undef %}u{% else %}e{% endif %}',
  '{% if list %}L{% endif %}{% if empty %}E{% endif %}{% if zero %}Z{% endif %}',
  '{% if a == "<x & y>" %}eq{% else %}ne{% endif %}',
  '{% if n == 42 %}n{% endif %}{% if n != 42 %}!n{% endif %}{% if missing == "x" %}m{% endif %}{% if missing != "x" %}!m{% endif %}',
  '{% if obj.k == 0 %}k{% elsif obj.deep.x == 1.5 %}d{% endif %}{% if list == "one" %}l{% endif %}{% if t != true %}T{% endif %}',
  '{% if list.size > 1 %}big{% endif %}',
  '{% if list.first %}{{ list.first }}{% endif %}',
  '{% if obj.k %}[{{ obj.k }}]{% if obj.deep %}{{ obj.deep.x }}{% endif %}{% endif %}',
  '{% if obj.k %}{{ obj.nope }}{% endif %}',
  '{% for i in list %}{{ i }}{{ forloop.index }},{% endfor %}',
  '{% for o in objs %}{{ o.k }}{% if o.done %}✓{% else %}○{% endif %}{% if forloop.last %}.{% else %},{% endif %}{{ forloop.rindex }}{{ forloop.rindex0 }}{{ forloop.first }}{{ forloop.length }}{% endfor %}',
  '{% for o in objs %}{% for i in list %}{{ o.k }}{{ i }}{{ forloop.index0 }}{% endfor %}{{ forloop.index }}{% endfor %}',
  '{% for o in objs %}{{ o.missing }}{% endfor %}',
  '{% for o in objs %}{% if o.k == "a" %}A{% endif %}{{ o.k | upcase }}{{ forloop }}{% endfor %}',
  '{% for i in missing %}x{% else %}empty{% endfor %}',
  '{% for i in nul %}x{% else %}empty{% endfor %}',
  '{% for i in empty_list %}x{% else %}empty{% endfor %}',
  '{% for i in obj %}{{ i[0] }}{% endfor %}|{% for c in a %}{{ c }}{% endfor %}',
  '{% for i in list limit: 1 %}{{ i }}{% endfor %}{% for i in (1..3) %}{{ i }}{% endfor %}',
  '{% for i in list %}{% if forloop.index == 2 %}{% break %}{% endif %}{{ i }}{% endfor %}',
  '{% for a in list %}{{ a }}{% endfor %}{{ a }}',
  '{% for i in holes %}[{{ i }}]{% endfor %}',
  '{% unless a %}u{% endunless %}{% case a %}{% when "q" %}q{% else %}c{% endcase %}',
  '{% assign a = "changed" %}{{ a }}{% if a %}{{ a }}{% endif %}',
  '{% capture c %}{{ obj.k }}{% endcapture %}{{ c }}',
];

const SCOPES: Record<string, unknown>[] = [
  {
    a: '<x & y>',
    obj: { k: 'v"\'', deep: { x: 1.5 }, 'with space': 'ws' },
    list: ['one', 'two'],
    objs: [{ k: 'a', done: true }, { k: 'b', done: false }, { k: 'c' }],
    empty_list: [],
    holes: [1, undefined, null],
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
