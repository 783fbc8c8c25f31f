import { AppError } from "../errors";

/** The `fetch` the model providers are given; the same signature as the global one. */
export type ModelFetch = typeof globalThis.fetch;

/** A model call that sent nothing for the idle timeout: the reason shown to the user. */
export class ModelIdleTimeoutError extends AppError {
  constructor(readonly idleMs: number) {
    super("unavailable:model", `The model sent nothing for ${formatSeconds(idleMs)}`);
    this.name = "ModelIdleTimeoutError";
  }
}

/**
 * `fetch` that aborts a request when the provider sends nothing for `idleMs`: before the
 * response headers, and between body chunks while the reader waits for one. A slow but
 * steady stream is never cut; the caller's own AbortSignal still aborts as before.
 */
export function createIdleTimeoutFetch(options: {
  idleMs: number;
  fetch?: ModelFetch;
}): ModelFetch {
  const { idleMs } = options;
  const baseFetch = options.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const idle = new AbortController();
    const callerSignal = init?.signal ?? undefined;
    const signal = callerSignal ? AbortSignal.any([callerSignal, idle.signal]) : idle.signal;
    const timeout = () => idle.abort(new ModelIdleTimeoutError(idleMs));

    const timer = setTimeout(timeout, idleMs);
    let response: Response;
    try {
      response = await baseFetch(input, { ...init, signal });
    } catch (error) {
      if (idle.signal.aborted && !callerSignal?.aborted) throw idle.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const source = response.body;
    if (!source) return response;

    const reader = source.getReader();
    const silent = () => idle.signal.aborted && !callerSignal?.aborted;
    // One timer for the whole body, restarted before each read (cheaper than a timer per
    // chunk). It counts only while a read waits on the provider, so a slow consumer
    // (backpressure) is never mistaken for a silent model: firing between reads it does
    // nothing, and the next read starts it again.
    let reading = false;
    const bodyTimer = setTimeout(() => {
      if (!reading) return;
      timeout();
      // Settles the pending read even where aborting the request does not error the body.
      reader.cancel(idle.signal.reason).catch(() => {});
    }, idleMs);
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        reading = true;
        bodyTimer.refresh();
        try {
          const { done, value } = await reader.read();
          if (silent()) controller.error(idle.signal.reason);
          else if (done) {
            clearTimeout(bodyTimer);
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          clearTimeout(bodyTimer);
          controller.error(silent() ? idle.signal.reason : error);
        } finally {
          reading = false;
        }
      },
      cancel(reason) {
        clearTimeout(bodyTimer);
        return reader.cancel(reason);
      },
    });
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
