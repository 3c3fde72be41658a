import { useEffect, useState } from 'preact/hooks';
import { api, isStale } from './api.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/**
 * Fetches `paths` together whenever one of them changes. Answers for other paths are not shown
 * while the new ones load (the page shows "Loading…", not the figures of the control's previous
 * value); a `reload` keeps the answers on screen until the new ones come. An answer that comes
 * stale (kept past its max age, computed anew on the server) is shown at once and fetched again,
 * waiting for the new one, which then replaces it.
 */
export function useApi<T extends unknown[]>(...paths: string[]): Loaded<T> {
  const key = paths.join('\n');
  const [loaded, setLoaded] = useState<{ key: string; data: T } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    const show = (data: unknown[]) => live && setLoaded({ key, data: data as T });
    Promise.all(paths.map((p) => api(p)))
      .then((all) => {
        show(all);
        if (!live || !all.some(isStale)) return;
        return Promise.all(
          paths.map((p, i) => (isStale(all[i]) ? api(p, { fresh: true }) : all[i])),
        ).then(show);
      })
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [key, tick]);
  const data = loaded?.key === key ? loaded.data : null;
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
