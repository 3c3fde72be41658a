import { useEffect, useState } from 'preact/hooks';
import { api, isStale } from './api.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/**
 * Fetches `paths` together whenever one of them changes. An answer that comes stale (kept past
 * its max age, computed anew on the server) is shown at once and fetched again, waiting for the
 * new one, which then replaces it.
 */
export function useApi<T extends unknown[]>(...paths: string[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = paths.join('\n');
  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all(paths.map((p) => api(p)))
      .then((all) => {
        if (!live) return;
        setData(all as T);
        if (!all.some(isStale)) return;
        return Promise.all(
          paths.map((p, i) => (isStale(all[i]) ? api(p, { fresh: true }) : all[i])),
        ).then((renewed) => live && setData(renewed as T));
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [key, tick]);
  return { data, error, reload: () => setTick((t) => t + 1) };
}

export function Status(props: { error: string | null }) {
  return props.error ? (
    <p class="error" role="alert">
      {props.error}
    </p>
  ) : (
    <p class="loading" aria-live="polite">
      Loading…
    </p>
  );
}
