import { SlackChannel } from '../../src/channels/slack/slack-channel.js';
import { WebhookChannel } from '../../src/channels/webhook/webhook-channel.js';
import { DeliveryWorker } from '../../src/runtime/delivery/delivery-worker.js';
import { Dispatcher, type DispatcherOptions } from '../../src/runtime/delivery/dispatcher.js';
import type { Store } from '../../src/store/store.js';
import type { TestApp } from './test-app.js';

/**
 * A delivery worker over `t`'s store, workspace and clock, as `cairn serve` starts one: the
 * dispatcher renders with `renderer` and `links` and sends email through `email`; by default
 * Slack and webhooks have no destination, the sender is hello@tasklane.test and the workspace
 * Tasklane. Anything else in `options` replaces the default.
 */
export function testDeliveryWorker(
  store: Store,
  t: TestApp,
  options: Pick<DispatcherOptions, 'renderer' | 'links' | 'email'> & Partial<DispatcherOptions>,
): DeliveryWorker {
  const dispatcher = new Dispatcher({
    slack: new SlackChannel({ clock: t.clock }),
    webhook: new WebhookChannel({ clock: t.clock }),
    destinations: { slackUrl: () => null, webhook: () => null },
    from: { address: 'hello@tasklane.test' },
    workspaceName: 'Tasklane',
    ...options,
  });
  return new DeliveryWorker(store, t.workspace, t.clock, dispatcher);
}
