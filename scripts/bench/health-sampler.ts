import { sleep } from "./stats";

/**
 * Asks `GET /health` every `intervalMs` (one request at a time, as a monitor would) until
 * stopped; the latencies in milliseconds, and how many answers were not 200.
 */
export function sampleHealth(base: string, intervalMs = 50) {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const began = performance.now();
      try {
        const response = await fetch(new URL("/health", base));
        await response.arrayBuffer();
        if (response.status !== 200) failures++;
      } catch {
        failures++;
      }
      const took = performance.now() - began;
      latencies.push(took);
      await sleep(Math.max(0, intervalMs - took));
    }
  })();
  return {
    async stop(): Promise<{ latencies: number[]; failures: number }> {
      running = false;
      await loop;
      return { latencies, failures };
    },
  };
}

/** `/health` at rest: `count` requests `intervalMs` apart, the floor of the loaded samples. */
export async function idleHealth(base: string, count = 60, intervalMs = 50): Promise<number[]> {
  // The first requests load the route; a monitor's steady state is what the floor is.
  for (let warm = 0; warm < 5; warm++) await (await fetch(new URL("/health", base))).arrayBuffer();
  const sampler = sampleHealth(base, intervalMs);
  await sleep(count * intervalMs);
  return (await sampler.stop()).latencies;
}
