/** A number with its unit, as results.json stores every measurement. */
export interface Quantity {
  value: number;
  unit: string;
}

export const quantity = (value: number, unit: string): Quantity => ({ value, unit });
export const ms = (value: number) => quantity(value, "ms");
export const seconds = (value: number) => quantity(value, "s");
export const megabytes = (kilobytes: number) => quantity(kilobytes / 1024, "MB");
/** Measured over floor: how many times the floor's cost the real path takes. */
export const ratio = (measured: number, floor: number) => quantity(measured / floor, "×");

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const p50 = (values: number[]) => percentile(values, 50);
export const p99 = (values: number[]) => percentile(values, 99);

export const sleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** Milliseconds `work` took, and what it returned. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const began = performance.now();
  const value = await work();
  return { ms: performance.now() - began, value };
}

/** The outcome of a promise without throwing, so cleanup can run before a failure goes on. */
export async function settle<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Runs `total` jobs with at most `concurrency` in flight (a closed loop of workers). */
export async function runConcurrently<T>(
  total: number,
  concurrency: number,
  job: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      results[index] = await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return results;
}
