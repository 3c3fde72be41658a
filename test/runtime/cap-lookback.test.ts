import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseDefinitions } from '../../src/definitions/index.js';
import { capWindowStart } from '../../src/engine/delivery/index.js';
import { capLookback } from '../../src/runtime/delivery/cap-lookback.js';

const DAY = 86_400_000;
const loaded = (yaml: string) => parseDefinitions(yaml, 'caps.yaml');

it('the sends loaded for caps reach the start of every calendar-day window, a 25-hour day included', () => {
  const definitions = loaded(`
delivery:
  caps:
    email: { max: 4, per: 7d }
    inapp: { max: 2, per: 12h }
`);
  const lookback = capLookback(definitions);
  // Saturday 7 November 2026, 23:50 in New York: the window began Sunday 1 November 00:00 EDT,
  // 7 days and 50 minutes before (1 November had 25 hours).
  const now = Date.parse('2026-11-08T04:50:00Z');
  const start = capWindowStart(7 * DAY, now, 'America/New_York');
  assert.equal(start, Date.parse('2026-11-01T04:00:00Z'));
  assert.ok(now - start > 7 * DAY);
  assert.ok(now - lookback <= start);
  // A zone moving its offset by a day (Pacific/Apia, 2011) is covered too.
  const apia = Date.parse('2012-01-05T12:00:00Z');
  assert.ok(apia - lookback <= capWindowStart(7 * DAY, apia, 'Pacific/Apia'));
  assert.equal(capLookback(loaded('delivery: {}\n')), 9 * DAY);
});
