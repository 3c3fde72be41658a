import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/** Fetches `paths` together whenever one of them changes. */
export function useApi<T extends unknown[]>(...paths: string[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = paths.join('\n');
  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all(paths.map((p) => api(p)))
      .then((all) => live && setData(all as T))
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
