import type { Json, JsonObject } from '../core/types.js';
import { formatDuration } from '../definitions/duration.js';
import type { FirstTouch } from '../store/analytics-store.js';

/** One attribute value a unit may hold, and how to say it in cairn.yaml's rule language. */
export interface AttributeInfo {
  key: string;
  kind: 'trait' | 'answer' | 'first_touch' | 'account' | 'behavior';
  attribute: string;
  value: string | number | boolean;
  /** The rule as written in cairn.yaml (durations as text); null when the language cannot say it. */
  rule: Record<string, unknown> | null;
  note: string | null;
}

/** The attributes of one unit, before numbers with many values are split at their median. */
export interface RawAttributes {
  traits: JsonObject;
  answers: Record<string, string>;
  firstTouch: FirstTouch | null;
  accountTraits: JsonObject | null;
  /** Events done within the behavior window. */
  behaviors: Iterable<string>;
}

/** Numbers with more distinct values than this are split at the median instead. */
const MAX_NUMBER_VALUES = 12;
/** Attributes with more distinct text values than this are identifiers, not attributes. */
const MAX_TEXT_VALUES = 50;
const TOUCH_KEYS = ['source', 'campaign', 'medium', 'referrer'] as const;

/**
 * Turns each unit's raw attributes into attribute keys (a Set per unit) and describes each key.
 * Traits and account traits are read as categories; a number with many values becomes
 * "≥ its median". Values that are not scalars are left out.
 */
export function auditAttributes(
  units: readonly RawAttributes[],
  behaviorWindow: number,
  behaviorRule: boolean,
): { sets: Set<string>[]; info: Map<string, AttributeInfo> } {
  const info = new Map<string, AttributeInfo>();
  // Per "kind.attribute": the scalar value of each unit (or undefined).
  const columns = new Map<
    string,
    { kind: 'trait' | 'account'; name: string; values: (Json | undefined)[] }
  >();
  const column = (kind: 'trait' | 'account', name: string) => {
    const id = `${kind}.${name}`;
    let c = columns.get(id);
    if (!c)
      columns.set(id, (c = { kind, name, values: new Array<Json | undefined>(units.length) }));
    return c;
  };
  const sets = units.map(() => new Set<string>());
  // Each key string made once, not once per unit that holds it: `${kind}.${attribute}=${value}`
  // (a behavior: `behavior.${event}`).
  const keys = new Map<string, Map<string, Map<string, string>>>();
  const keyOf = (kind: string, attribute: string, value: string | null) => {
    let byAttribute = keys.get(kind);
    if (!byAttribute) keys.set(kind, (byAttribute = new Map()));
    let byValue = byAttribute.get(attribute);
    if (!byValue) byAttribute.set(attribute, (byValue = new Map()));
    const v = value ?? '';
    let key = byValue.get(v);
    if (key === undefined)
      byValue.set(v, (key = value === null ? `${kind}.${attribute}` : `${kind}.${attribute}=${v}`));
    return key;
  };
  units.forEach((u, i) => {
    for (const [name, value] of Object.entries(u.traits))
      if (isScalar(value)) column('trait', name).values[i] = value;
    if (u.accountTraits)
      for (const [name, value] of Object.entries(u.accountTraits))
        if (isScalar(value)) column('account', name).values[i] = value;
    for (const [question, value] of Object.entries(u.answers)) {
      const key = keyOf('answer', question, value);
      sets[i]!.add(key);
      if (!info.has(key))
        info.set(key, {
          key,
          kind: 'answer',
          attribute: question,
          value,
          rule: { answer: question, equals: value },
          note: null,
        });
    }
    if (u.firstTouch) {
      for (const part of TOUCH_KEYS) {
        const value = u.firstTouch[part];
        if (value === null || value === '') continue;
        const key = keyOf('first_touch', part, value);
        sets[i]!.add(key);
        if (!info.has(key))
          info.set(key, {
            key,
            kind: 'first_touch',
            attribute: part,
            value,
            rule: null,
            note: 'first touch is not in the rule language: send it as a trait to make a segment of it',
          });
      }
    }
    for (const event of u.behaviors) {
      const key = keyOf('behavior', event, null);
      sets[i]!.add(key);
      if (!info.has(key))
        info.set(key, {
          key,
          kind: 'behavior',
          attribute: event,
          value: true,
          rule: behaviorRule
            ? { first_performed: [event], within_signup: formatDuration(behaviorWindow) }
            : null,
          note: behaviorRule ? null : 'done by a member; the rule language reads it per user',
        });
    }
  });
  for (const { kind, name, values } of columns.values()) {
    const present = values.filter(
      (v): v is string | number | boolean => v !== undefined && v !== null,
    );
    // Distinct as JSON text is (numbers, booleans and strings apart; 0 and -0 alike).
    const distinct = new Set(present);
    const numbers = present.filter((v): v is number => typeof v === 'number');
    const operator = kind === 'trait' ? 'trait' : 'account_trait';
    if (numbers.length === present.length && distinct.size > MAX_NUMBER_VALUES) {
      const sorted = [...numbers].sort((a, b) => a - b);
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      const key = `${kind}.${name}>=${median}`;
      info.set(key, {
        key,
        kind,
        attribute: name,
        value: median,
        rule: { [operator]: name, gte: median },
        note: null,
      });
      values.forEach((v, i) => {
        if (typeof v === 'number' && v >= median) sets[i]!.add(key);
      });
      continue;
    }
    if (distinct.size > MAX_TEXT_VALUES) continue;
    values.forEach((v, i) => {
      if (v === undefined || v === null || typeof v === 'object') return;
      const key = keyOf(kind, name, typeof v === 'string' ? v : JSON.stringify(v));
      sets[i]!.add(key);
      if (!info.has(key))
        info.set(key, {
          key,
          kind,
          attribute: name,
          value: v,
          rule: { [operator]: name, equals: v },
          note: null,
        });
    });
  }
  return { sets, info };
}

function isScalar(value: Json): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
