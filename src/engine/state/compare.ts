import type { Comparison, Scalar } from '../../definitions/comparison.js';
import type { Json, JsonObject } from '../../core/types.js';
import { ownValue } from '../../core/own-key.js';

/** A value by key, or by dotted path (`company.size`) when no key has the dotted name. */
export function lookup(object: JsonObject, path: string): Json | undefined {
  const direct = ownValue(object, path);
  if (direct !== undefined || !path.includes('.')) return direct;
  let current: Json | undefined = object;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = ownValue(current, part);
  }
  return current;
}

/** Whether a value passes every test of a comparison. */
export function compare(value: Json | undefined, test: Comparison): boolean {
  const present = value !== undefined && value !== null;
  if (test.exists !== undefined && test.exists !== present) return false;
  if (test.equals !== undefined && !same(value, test.equals)) return false;
  if (test.in !== undefined && !test.in.some((item) => same(value, item))) return false;
  if (test.contains !== undefined) {
    if (typeof value === 'string') {
      if (!value.includes(String(test.contains))) return false;
    } else if (!Array.isArray(value) || !value.some((item) => same(item, test.contains!)))
      return false;
  }
  const number = numeric(value);
  if (test.gt !== undefined && !(number !== null && number > test.gt)) return false;
  if (test.gte !== undefined && !(number !== null && number >= test.gte)) return false;
  if (test.lt !== undefined && !(number !== null && number < test.lt)) return false;
  if (test.lte !== undefined && !(number !== null && number <= test.lte)) return false;
  return true;
}

function same(value: Json | undefined, expected: Scalar): boolean {
  return value === expected || (value === undefined && expected === null);
}

/** Numbers, and strings that are numbers (traits often arrive as text). */
export function numeric(value: Json | undefined): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

/** `equals "pro"`, `in ["a", "b"]`, `≥ 50 and < 100` */
export function describeTest(test: Comparison): string {
  const parts: string[] = [];
  if (test.exists !== undefined) parts.push(test.exists ? 'exists' : 'does not exist');
  if (test.equals !== undefined) parts.push(`equals ${JSON.stringify(test.equals)}`);
  if (test.in !== undefined) parts.push(`in ${JSON.stringify(test.in)}`);
  if (test.contains !== undefined) parts.push(`contains ${JSON.stringify(test.contains)}`);
  if (test.gt !== undefined) parts.push(`> ${test.gt}`);
  if (test.gte !== undefined) parts.push(`≥ ${test.gte}`);
  if (test.lt !== undefined) parts.push(`< ${test.lt}`);
  if (test.lte !== undefined) parts.push(`≤ ${test.lte}`);
  return parts.join(' and ');
}

export function showValue(value: Json | undefined): string {
  return value === undefined ? 'not set' : JSON.stringify(value);
}
