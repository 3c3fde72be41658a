import type { Page, PageRequest } from '../store/store.js';

/** Every item of a paged store read, page after page. */
export async function readAll<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  limit = 2000,
): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await read({ limit, after });
    items.push(...page.items);
    if (!page.next) return items;
    after = page.next;
  }
}
