/** Loads a GET endpoint for a screen; `reload()` after a change. A stale answer never lands late. */
import { useCallback, useEffect, useState } from "react";
import { api } from "./api.ts";

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

export function useResource<T>(url: string | null): Resource<T> {
  const [state, setState] = useState<{ data: T | null; error: unknown; loading: boolean }>({
    data: null,
    error: null,
    loading: url !== null,
  });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is the reload trigger.
  useEffect(() => {
    if (url === null) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    api<T>(url).then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [url, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}
