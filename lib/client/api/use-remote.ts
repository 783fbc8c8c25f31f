import { useEffect, useRef, useState } from "react";

export interface Remote<T> {
  data: T | null;
  error: string | null;
  /** The HTTP status of a failed load (404: no such object); null otherwise. */
  errorStatus: number | null;
  loading: boolean;
}

/**
 * Loads once per key; a new key aborts the request for the old one, and an answer for a
 * key no longer wanted is dropped. A null key loads nothing. With `keepPrevious`, the last
 * answer stays on screen while the next key loads (a refresh rather than a new page).
 */
export function useRemote<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  { keepPrevious = false }: { keepPrevious?: boolean } = {},
): Remote<T> {
  const [state, setState] = useState<{
    key: string | null;
    data: T | null;
    error: string | null;
    errorStatus: number | null;
  }>({ key: null, data: null, error: null, errorStatus: null });
  const latestLoad = useRef(load);
  useEffect(() => {
    latestLoad.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    latestLoad.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key, data, error: null, errorStatus: null });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const status = (error as { status?: unknown }).status;
        setState({
          key,
          data: null,
          error: (error as Error).message || "Could not load",
          errorStatus: typeof status === "number" ? status : null,
        });
      },
    );
    return () => controller.abort();
  }, [key]);

  const current = key !== null && state.key === key;
  return {
    data: current || keepPrevious ? state.data : null,
    error: current ? state.error : null,
    errorStatus: current ? state.errorStatus : null,
    loading: key !== null && !current,
  };
}
