import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadDefinitions, type LoadedDefinitions } from '../../src/definitions/index.js';
import { formatScenarioResult, runScenario } from '../../src/testing/index.js';

let defs: LoadedDefinitions;
before(async () => {
  defs = await loadDefinitions('examples/saas/cairn.yaml');
});

function passes(text: string) {
  const result = runScenario(defs, text, 'inline.yaml');
  assert.ok(result.passed, formatScenarioResult(result));
  return result;
}

describe('the in-memory runtime (the wiring the real runtime follows)', () => {
  it('imported and stale events update the profile but start no journey', () => {
    passes(`
name: backfill
steps:
  - { at: 0h, user: old, track: Signed Up, imported: true }
  - { at: 0h, user: late, track: Signed Up, ago: 2d }
  - at: 30h
    user: old
    expect: { sent: [], journeys: { welcome: none, day_1: none }, state: { segments: [no_login_day_1] } }
  - at: 30h
    user: late
    expect: { sent: [], journeys: { welcome: none } }
`);
  });

  it('a schedule fires at its local time for the users of each time zone', () => {
    passes(`
name: monday planning
steps:
  - at: 0h
    identify: { timezone: Europe/Paris, role: business_operations }
  # Monday 5 January, 10:00 in Paris: the next Monday 09:00 there is 167 hours later.
  - { at: 166h, expect: { journeys: { monday_planning: none } } }
  - at: 167h
    expect:
      sent: [monday_planning_tip]
      journeys: { monday_planning: completed }
`);
  });

  it('account level: an account turning hot reaches its executives only', () => {
    passes(`
name: account turned hot
steps:
  - { at: 0h, user: ceo, identify: { role: executive } }
  - { at: 0h, user: dev, identify: { role: technical } }
  - { at: 1h, user: ceo, track: Report Created, account: acme }
  - { at: 1h, user: dev, track: Data Source Connected, account: acme }
  - { at: 2h, user: dev, track: Integration Configured, account: acme }
  - { at: 3h, user: dev, track: Teammate Invited, account: acme }
  - { at: 4h, user: dev, track: Automation Created, account: acme }
  - { at: 5h, user: dev, track: Workflow Created, account: acme }
  - { at: 5h, user: ceo, expect: { journeys: { account_turned_hot: none } } }
  - { at: 6h, user: dev, track: Report Shared, account: acme }
  - at: 6h
    user: ceo
    expect: { sent: [executive_account_roi], journeys: { account_turned_hot: completed } }
  - { at: 6h, user: dev, expect: { journeys: { account_turned_hot: none } } }
`);
  });

  it('an update step changes traits and the state engine sees them (trait-change triggers too)', () => {
    const result = passes(`
name: update
steps:
  - { at: 0h, track: Data Source Connected }
  - { at: 1h, track: Report Created }
  - { at: 2h, track: Report Shared, properties: { recipient_type: teammate } }
  - { at: 3h, track: Teammate Invited }
  - { at: 4h, track: Integration Configured }
  - { at: 5h, track: Automation Created }
  - { at: 6h, page: Pricing }
  - { at: 7h, page: Pricing }
  - { at: 8h, page: Pricing }
  - at: 8h
    expect:
      notified: [csm_high_intent_alert]
      traits: { csm_alerted: true, tags: [hot_lead] }
`);
    const alert = result.messages.find((m) => m.kind === 'notify')!;
    assert.equal(alert.channel, 'slack');
    assert.equal(alert.reason, 'to customer_success');
  });
});
