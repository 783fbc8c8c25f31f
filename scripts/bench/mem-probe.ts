import { readFileSync } from "node:fs";
import { indexRepository, startBenchServer, stopAndRemove } from "./cartograph";
import { buildCorpus } from "./corpus";
import { collectGarbage, memoryOf } from "./process-memory";
import { sleep } from "./stats";

function mappings(pid: number) {
  const text = readFileSync(`/proc/${pid}/smaps`, "utf8");
  const out: { range: string; name: string; size: number; rss: number }[] = [];
  let cur: { range: string; name: string; size: number; rss: number } | null = null;
  for (const line of text.split("\n")) {
    const head = /^([0-9a-f]+-[0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      cur = { range: head[1], name: head[2], size: 0, rss: 0 };
      out.push(cur);
      continue;
    }
    const m = /^(Size|Rss):\s+(\d+) kB/.exec(line);
    if (m && cur) {
      if (m[1] === "Size") cur.size = Number(m[2]);
      else cur.rss = Number(m[2]);
    }
  }
  return out;
}
const corpus = buildCorpus(Number(process.argv[2] ?? 3500));
const server = await startBenchServer({ env: { CARTOGRAPH_LOCAL_ROOTS: corpus.allowedRoot } });
try {
  const pid = server.process.pid!;
  await sleep(3000);
  const start = mappings(pid);
  console.log("start rss", memoryOf(pid).rssKb);
  await indexRepository(server, corpus.repo.dir);
  await sleep(10_000);
  await collectGarbage(server);
  await sleep(1000);
  console.log("idle rss", memoryOf(pid).rssKb);
  const after = mappings(pid);
  const byRange = new Map(start.map((m) => [m.range, m]));
  const big = after
    .filter((m) => m.rss > 4000)
    .sort((a, b) => b.rss - a.rss)
    .slice(0, 25);
  for (const m of big)
    console.log(
      String(m.rss).padStart(8),
      String(m.size).padStart(10),
      (byRange.get(m.range)?.rss ?? "new").toString().padStart(8),
      m.name,
    );
} finally {
  await stopAndRemove(server);
  corpus.remove();
}
