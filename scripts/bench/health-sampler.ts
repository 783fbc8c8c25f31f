/**
 * Sends `GET /health` every `intervalMs` until stopped, whether or not the previous answer
 * came (an open loop: a stalled server gets its stalls counted, not fewer samples); the
 * latencies in milliseconds, and how many answers were not 200.
 */
export function sampleHealth(base: string, intervalMs = 50) {
  const latencies: number[] = [];
  const pending = new Set<Promise<void>>();
  let failures = 0;
  const probe = async () => {
    const began = performance.now();
    try {
      const response = await fetch(new URL("/health", base));
      await response.arrayBuffer();
      if (response.status !== 200) failures++;
    } catch {
      failures++;
    }
    latencies.push(performance.now() - began);
  };
  const timer = setInterval(() => {
    const request = probe().finally(() => pending.delete(request));
    pending.add(request);
  }, intervalMs);
  return {
    async stop(): Promise<{ latencies: number[]; failures: number }> {
      clearInterval(timer);
      await Promise.all(pending);
      return { latencies, failures };
    },
  };
}

/** `/health` at rest: `count` requests `intervalMs` apart, the floor of the loaded samples. */
export async function idleHealth(base: string, count = 200, intervalMs = 50): Promise<number[]> {
  // The first requests load the route; a monitor's steady state is what the floor is.
  for (let warm = 0; warm < 5; warm++) await (await fetch(new URL("/health", base))).arrayBuffer();
  const sampler = sampleHealth(base, intervalMs);
  await new Promise((resolve) => setTimeout(resolve, count * intervalMs));
  return (await sampler.stop()).latencies;
}
