import assert from 'node:assert/strict';
import type { TestApp } from './test-app.js';

/**
 * Every page of a list of the units behind a signals number (`/api/analytics/…/users` or
 * `/accounts`), read `limit` at a time to cross page boundaries: the ids in order, checked
 * against the `total` each page states, and the distinct `computedAt` the pages carried.
 */
export async function memberPages(t: TestApp, url: string, limit: number) {
  const ids: string[] = [];
  const computed = new Set<string>();
  let cursor: string | null = null;
  let total = -1;
  do {
    const res: { statusCode: number; body: string; json(): unknown } = await t.app.inject({
      method: 'GET',
      url: `${url}&limit=${limit}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`,
      headers: t.admin,
    });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    const body = res.json() as {
      items: { id: string }[];
      next: string | null;
      total: number;
      computedAt?: string;
    };
    ids.push(...body.items.map((p) => p.id));
    if (body.computedAt !== undefined) computed.add(body.computedAt);
    total = body.total;
    cursor = body.next;
  } while (cursor);
  assert.equal(ids.length, total, url);
  return { ids, computedAt: [...computed] };
}
