/**
 * Fastify's route tree (`app.printRoutes({ commonPrefix: false })`) as `{ method, path }` pairs.
 * A line is `├── /api/users (GET)`; a child continues its parent's path, and a parent may be a
 * bare prefix shared by several routes (`├── /v1/` with no methods) or cut anywhere (`/v1/p`
 * then `age`), so every line — with methods or not — sets the prefix of the lines below it.
 */
export interface ServedRoute {
  method: string;
  path: string;
}

export function servedRoutes(tree: string): ServedRoute[] {
  const stack: string[] = [];
  return tree.split('\n').flatMap((line) => {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?/.exec(line);
    if (!match) return [];
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    if (!match[3]) return [];
    return match[3]
      .split(', ')
      .filter((m) => m !== 'HEAD')
      .map((method) => ({ method, path }));
  });
}
