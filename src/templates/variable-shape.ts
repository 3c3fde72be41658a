import type { Variable } from 'liquidjs';
import { ownValue } from '../core/own-key.js';

/**
 * What variables exist, for checking templates before anything is rendered. `rest` admits any
 * other key (a map such as `user.counters`, keyed by event name); `any` admits anything below
 * (a trait whose own structure Cairn does not know).
 */
export type VariableShape =
  | { kind: 'value' }
  | { kind: 'any' }
  | { kind: 'object'; fields: Record<string, VariableShape>; rest?: VariableShape }
  | { kind: 'list'; item: VariableShape };

export const VALUE: VariableShape = { kind: 'value' };
export const ANY: VariableShape = { kind: 'any' };

export function object(fields: Record<string, VariableShape>, rest?: VariableShape): VariableShape {
  return rest ? { kind: 'object', fields, rest } : { kind: 'object', fields };
}

/** An object whose keys are `names`, each of shape `item`; any key when `names` is undefined. */
export function keyed(names: readonly string[] | undefined, item: VariableShape): VariableShape {
  if (!names) return object({}, item);
  return object(Object.fromEntries(names.map((n) => [n, item])));
}

type Segment = string | number | Variable;

/** Liquid's own special properties: arrays, strings and maps answer `size`, lists `first`/`last`. */
const SPECIAL = new Set(['size', 'first', 'last']);

/**
 * The index of the first segment of a variable path that `shape` does not have, or -1 when the
 * whole path exists. A dynamic segment (`user.counters[event.name]`) matches any key of a map
 * and cannot be checked against fixed fields.
 */
export function unknownSegment(shape: VariableShape, segments: readonly Segment[]): number {
  let current = shape;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (current.kind === 'any') return -1;
    if (current.kind === 'value') {
      if (segment === 'size' && i === segments.length - 1) return -1;
      return i;
    }
    if (current.kind === 'list') {
      if (typeof segment === 'number' || typeof segment === 'object') current = current.item;
      else if (segment === 'first' || segment === 'last') current = current.item;
      else if (segment === 'size') current = VALUE;
      else return i;
      continue;
    }
    if (typeof segment === 'object') {
      if (!current.rest) return -1;
      current = current.rest;
      continue;
    }
    const next = ownValue(current.fields, String(segment)) ?? current.rest;
    if (next) current = next;
    else if (SPECIAL.has(String(segment))) current = segment === 'size' ? VALUE : ANY;
    else return i;
  }
  return -1;
}

/** `user.counters["Report Created"].count`, `user.counters[event.name]`: as a template says it. */
export function formatPath(segments: readonly Segment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'object') out += `[${segment.toString()}]`;
    else if (typeof segment === 'number') out += `[${segment}]`;
    else if (out === '') out = segment;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
