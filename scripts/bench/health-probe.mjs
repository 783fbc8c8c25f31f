// The /health prober of the bench, in a process of its own: in the bench's process its
// latencies would include that process's own event loop, busy driving hundreds of chats
// and serving the fixture model. Usage: node health-probe.mjs <base url> <interval ms>;
// it sends GET /health every interval (an open loop) until stdin closes, then prints
// {"latencies":[…],"failures":n} on stdout.
const [base, interval] = process.argv.slice(2);
const latencies = [];
const pending = new Set();
let failures = 0;

async function probe() {
  const began = performance.now();
  try {
    const response = await fetch(new URL("/health", base));
    await response.arrayBuffer();
    if (response.status !== 200) failures++;
  } catch {
    failures++;
  }
  latencies.push(performance.now() - began);
}

// Its own first requests (loading fetch, opening a connection) are not the server's latency.
for (let warm = 0; warm < 3; warm++) await (await fetch(new URL("/health", base))).arrayBuffer();

const timer = setInterval(() => {
  const request = probe().finally(() => pending.delete(request));
  pending.add(request);
}, Number(interval));

process.stdin.resume();
process.stdin.on("end", async () => {
  clearInterval(timer);
  await Promise.all(pending);
  // Exits once written: a pipe takes a long run's samples (hundreds of KB) in several writes.
  process.stdout.write(JSON.stringify({ latencies, failures }), () => process.exit(0));
});
