/**
 * The backoff of webhook deliveries; `delaysMs` is WEBHOOK_RETRY_DELAYS_MS (by default
 * 10 s, 1 min, 5 min, 30 min, 2 h: six attempts over about two and a half hours).
 * When a delivery that failed its `attempts`-th attempt is tried again, in milliseconds
 * from now; null when it has had every attempt (one more than there are delays).
 */
export function retryDelay(attempts: number, delaysMs: readonly number[]): number | null {
  if (attempts < 1 || attempts > delaysMs.length) return null;
  return delaysMs[attempts - 1];
}

export const maxAttempts = (delaysMs: readonly number[]): number => delaysMs.length + 1;
