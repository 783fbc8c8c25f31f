import { spawn } from "node:child_process";
import path from "node:path";

/**
 * Sends `GET /health` every `intervalMs` until stopped, whether or not the previous answer
 * came (an open loop: a stalled server gets its stalls counted, not fewer samples); the
 * latencies in milliseconds, and how many answers were not 200. The requests leave from a
 * process of their own (health-probe.mjs), so the latencies are the server's, not those of
 * the bench's own busy event loop.
 */
export function sampleHealth(base: string, intervalMs = 50) {
  const probe = spawn(
    process.execPath,
    [path.join(import.meta.dirname, "health-probe.mjs"), base, String(intervalMs)],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  let output = "";
  probe.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  // "close", not "exit": a child's output can still be arriving after it exited.
  const exited = new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.once("close", () => resolve());
  });
  return {
    async stop(): Promise<{ latencies: number[]; failures: number }> {
      probe.stdin.end();
      await exited;
      return JSON.parse(output) as { latencies: number[]; failures: number };
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
