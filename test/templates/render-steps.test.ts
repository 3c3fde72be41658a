import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roundNumber } from '../../src/templates/direct-expression.js';
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
  '{% assign x = obj.k %}{{ x }}{% assign x = missing %}[{{ x }}]{% assign y = obj.deep.x | times: 2 %}{{ y }}',
  '{% assign a = list %}{% for i in a %}{{ i }}{% endfor %}{% assign n = n | plus: 1 %}{{ n }}',
  '{% for i in list %}{% assign last = i %}{% endfor %}{{ last }}|{{ i }}',
  '{% capture c %}{% assign inner = a %}{% endcapture %}{{ inner }}',
  '{% assign fn2 = fn %}{{ fn2 }}{% assign s = list.size %}{{ s }}',
  '{% for e in obj %}{{ e[0] }}={{ e[1] }};{% assign v = e[1] %}{% endfor %}{{ v }}',
  '{% for e in obj.deep %}{{ e[0] }}{{ e[1] | round: 0 }}{% else %}none{% endfor %}',
  '{{ list[1] }}{{ list[-1] }}{{ list[5] | default: "no" }}{{ objs[0].k }}{{ holes[1] | default: "h" }}',
  '{% case a %}{% when "<x & y>", "q" %}A{% when nil %}N{% else %}E{% endcase %}',
  '{% case missing %}{% when "x" %}x{% when nil %}nil{% endcase %}{% case n %}{% when 42 %}42{% when "42" %}s{% endcase %}',
  '{% case obj.k %}{% when 0 %}zero{% when "v" %}v{% when nil %}nil{% else %}other{% endcase %}',
  '{% unless a %}u{% elsif t %}t{% else %}e{% endunless %}{% unless missing %}m{% endunless %}',
  '{% if n > 40 and t %}a{% endif %}{% if n < 40 or f %}b{% endif %}{% if zero >= 0 %}c{% endif %}{% if nul <= 1 %}d{% endif %}',
  '{% if missing > 1 %}a{% endif %}{% if obj.k != nil %}b{% endif %}{% if nul == nil %}c{% endif %}{% if missing == nil %}d{% endif %}',
  '{% if a > 1 %}a{% endif %}{% if list == empty %}e{% endif %}{% if a contains "x" %}c{% endif %}{% if not t %}n{% endif %}',
  '{% if list and list.size > 1 %}big{% endif %}{% if obj.deep.x >= 1.5 and obj.k != "q" %}y{% endif %}',
  '{{ n | divided_by: 60.0 | round: 1 }} {{ n | abs | round }} {{ obj.deep.x | round: 1 }} {{ zero | minus: 3 | abs }}',
  '{{ a | capitalize }} {{ a | upcase | append: "!" }} {{ html | escape }} {{ obj.k | prepend: n }}',
  '{{ missing | round }}',
  '{{ n | divided_by: 7.0 | round }} {{ n | minus: 42.5 | round }} {{ n | minus: 42.4 | round }} {{ n | times: -1.5 | round }} {{ zero | minus: 0.2 | round }}',
  '{{ n | plus: missing }}',
  '{{ list | round }}{{ a | divided_by: 0 }}',
  '{% assign p = n | times: 100 | divided_by: 3 %}{{ p }}%',
  '{% if t %}{% assign q = "in if" %}{% endif %}{{ q }}',
  '{% for o in objs %}{% if o.done %}{{ forloop.index }}{% endif %}{% endfor %}{% for e in empty_hash %}x{% else %}none{% endfor %}',
];

const SCOPES: Record<string, unknown>[] = [
  {
    a: '<x & y>',
    obj: { k: 'v"\'', deep: { x: 1.5 }, 'with space': 'ws' },
    list: ['one', 'two'],
    objs: [{ k: 'a', done: true }, { k: 'b', done: false }, { k: 'c' }],
    empty_list: [],
    empty_hash: {},
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
      assert.ok(direct === TEMPLATES.length, 'every template has a direct path');
    });
  }
});

describe('round done directly', () => {
  it('gives what liquidjs\' own round filter gives, or hands the value back to it', () => {
    const { html } = createLiquidEngines();
    const round = html.filters.round as unknown as (v: unknown, places?: unknown) => unknown;
    const values = [
      0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, 0.49999999999999994, -0.49999999999999994, 1e-7, -1e-7,
      123.456, -123.456, 1e21, -1e21, 9007199254740991, 2 ** 53 + 2, 4503599627370495.5,
      Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN, 42 / 7, 100 / 3, -200 / 3,
      1.005, 1.015, 1.025, 2.675, 1.45, -1.45, 0.05, 0.15, 0.25, 0.35, 1.0049999999999999,
      8.345, 10.235, 1234.5675, 99999999.95, 0.000001, 1e-12,
    ];
    // Averages and hours as reports make them: ratios of small integers, halves included.
    for (let i = 0; i < 3000; i++) values.push((i - 1500) / 8, (i * 7919) / 997 - 5000, i / 60);
    for (let d = 1; d < 40; d++) for (let n = 0; n < 200; n++) values.push(n / d, -n / d);
    for (let i = 0; i < 1000; i++) values.push(Math.round(i * 1.37) / 1000 + 0.0005);
    for (const places of [0, 1, 2, 3, 6, 10]) {
      let direct = 0;
      for (const v of values) {
        const got = roundNumber(v, places);
        if (got === null) continue;
        direct++;
        assert.ok(Object.is(got, round.call({}, v, places)), `round(${v}, ${places})`);
      }
      // To 0 places always; to a few, all but the values near a half.
      if (places === 0) assert.equal(direct, values.length);
      if (places <= 3) assert.ok(direct > 0.9 * values.length, `${places}: ${direct} directly`);
    }
    // Places liquidjs reads differently (negative, fractional) are left to it.
    assert.equal(roundNumber(1.5, -1), null);
    assert.equal(roundNumber(1.5, 0.5), null);
  });
});
