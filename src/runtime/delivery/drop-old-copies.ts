import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/store.js';

const HOUR = 3_600_000;

/**
 * Drops the copies of emails whose view-in-browser link has expired, once at start and then
 * every hour: a copy holds what the email said about its recipient, and is kept no longer than
 * a link can show it. Returns a function that stops it, once a drop under way has finished.
 */
export function dropOldCopies(
  store: Store,
  clock: Clock,
  lifetimeMs: number,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const drop = () => {
    running = store
      .transaction((tx) => tx.deleteMessageCopiesBefore(clock.now() - lifetimeMs))
      .catch(onError);
  };
  drop();
  const timer = setInterval(drop, HOUR);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
