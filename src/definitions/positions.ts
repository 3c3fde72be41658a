import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { Path } from './rule-walk.js';

export interface Position {
  line: number;
  column: number;
}

/**
 * Finds where a path is written in the YAML source. `key` points at the last key itself (for
 * unknown keys and bad names), `value` at its value. A path that is not in the source (a missing
 * key) points at the deepest part that is: the mapping that should contain it.
 */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: Path,
  target: 'key' | 'value' = 'value',
): Position {
  let node: unknown = doc.contents;
  let key: Node | null = null;
  let found = true;
  for (const part of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(part),
      );
      if (!pair) {
        found = false;
        break;
      }
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part] !== undefined) {
      key = null;
      node = node.items[part];
    } else {
      found = false;
      break;
    }
  }
  const empty = isScalar(node) && node.value === null && !node.source;
  const at =
    (target === 'key' || !found || empty || !hasRange(node)) && key?.range
      ? key.range[0]
      : rangeStart(node);
  const { line, col } = lines.linePos(at);
  return { line, column: col };
}

function hasRange(node: unknown): node is Node {
  return (
    !!node && typeof node === 'object' && 'range' in node && Array.isArray((node as Node).range)
  );
}

function rangeStart(node: unknown): number {
  return hasRange(node) ? node.range![0] : 0;
}
