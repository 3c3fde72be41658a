import assert from 'node:assert/strict';

/** Waits (bounded) until `check` holds: file-watch reloads arrive asynchronously. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`timed out waiting until ${what}`);
}
