import { COMPARATORS, type Comparison } from '../../definitions/comparison.js';
import type { Json, JsonObject } from '../../core/types.js';
import { compare, lookup, numeric } from './compare.js';
import { ownValue } from '../../core/own-key.js';

/** A comparison compiled for one rule: the same answer as `compare`, without looking at its shape. */
export type ValueTest = (value: Json | undefined) => boolean;

/**
 * Most comparisons have one test (`equals`, `in`, `exists`, a bound): those get a function of
 * their own; the others use `compare`.
 */
export function compileTest(test: Comparison): ValueTest {
  const given = COMPARATORS.filter((key) => test[key] !== undefined);
  if (given.length !== 1) return (value) => compare(value, test);
  switch (given[0]) {
    case 'equals': {
      const expected = test.equals!;
      // A missing value equals null (see `compare`).
      if (expected === null) return (value) => value === null || value === undefined;
      return (value) => value === expected;
    }
    case 'in': {
      const list = test.in!;
      const missingMatches = list.includes(null);
      return (value) => {
        for (let i = 0; i < list.length; i++) if (value === list[i]) return true;
        return missingMatches && value === undefined;
      };
    }
    case 'exists':
      return test.exists
        ? (value) => value !== undefined && value !== null
        : (value) => value === undefined || value === null;
    case 'gt': {
      const bound = test.gt!;
      return (value) => atLeast(value, bound, false);
    }
    case 'gte': {
      const bound = test.gte!;
      return (value) => atLeast(value, bound, true);
    }
    case 'lt': {
      const bound = test.lt!;
      return (value) => atMost(value, bound, false);
    }
    case 'lte': {
      const bound = test.lte!;
      return (value) => atMost(value, bound, true);
    }
    default:
      return (value) => compare(value, test);
  }
}

function atLeast(value: Json | undefined, bound: number, orEqual: boolean): boolean {
  const number = numeric(value);
  return number !== null && (orEqual ? number >= bound : number > bound);
}

function atMost(value: Json | undefined, bound: number, orEqual: boolean): boolean {
  const number = numeric(value);
  return number !== null && (orEqual ? number <= bound : number < bound);
}

/** A trait path compiled: a plain key is read directly, a dotted one as `lookup` reads it. */
export function compilePath(path: string): (object: JsonObject) => Json | undefined {
  if (!path.includes('.')) return (object) => ownValue(object, path);
  return (object) => lookup(object, path);
}
