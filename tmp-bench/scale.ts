// Throwaway scale probe (not committed): index N files, RSS, 2-file re-index, restart first search.
import { execSync } from "node:child_process";
import { appendFileSync, cpSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { api, waitForStatus } from "../test/support/clients";
import { FixtureRepo } from "../test/support/fixture-repo";
import { startServerProcess } from "../test/support/server-process";

const want = Number(process.argv[2] ?? 15000);
const { allowedRoot, repo } = FixtureRepo.inNewRoot("scale");
const nm = path.resolve("node_modules");
let count = 0;
for (const pkg of readdirSync(nm)) {
  if (count >= want) break;
  const dir = path.join(nm, pkg);
  if (pkg.startsWith(".") || !statSync(dir).isDirectory()) continue;
  cpSync(dir, path.join(repo.dir, pkg), { recursive: true, dereference: false, filter: (src) => !src.includes("/node_modules/", nm.length + 1) });
  count = Number(execSync(`find ${repo.dir} -type f -not -path '*/.git/*' | wc -l`).toString());
}
repo.commit("corpus");
console.log("files in repo", count);
const env = { CARTOGRAPH_LOCAL_ROOTS: allowedRoot };
let server = await startServerProcess({ env });
const rss = () => { const s = readFileSync(`/proc/${server.process.pid}/status`, "utf8"); return `${(Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024).toFixed(0)} MB (peak ${(Number(/VmHWM:\s+(\d+)/.exec(s)![1]) / 1024).toFixed(0)})`; };
let maxRss = 0;
const sampler = setInterval(() => { try { const s = readFileSync(`/proc/${server.process.pid}/status`, "utf8"); maxRss = Math.max(maxRss, Number(/VmRSS:\s+(\d+)/.exec(s)![1]) / 1024); } catch {} }, 200);
console.log("start", rss());
let t = performance.now();
const added = await api<{ repo_id: string; research_id: string }>(server.url, "/api/repos", { method: "POST", json: { repo_url: repo.dir } });
await waitForStatus(server.url, added.body.research_id, ["completed"], 60 * 60_000);
const full = (performance.now() - t) / 1000;
const det = await api<any>(server.url, `/api/repos/${added.body.repo_id}`); console.log("snapshot", JSON.stringify(det.body.snapshots?.[0]).slice(0, 300));
console.log(`full index ${full.toFixed(1)} s, rss ${rss()}, sampled max ${maxRss.toFixed(0)}`);
const q = (s: string) => `/api/repos/${added.body.repo_id}/search?${new URLSearchParams({ q: s, k: "10" })}`;
t = performance.now(); await api(server.url, q("parse the command line arguments")); console.log("first search", (performance.now() - t).toFixed(0), "ms");
const lat: number[] = [];
for (const s of ["parse the command line arguments", "read a file from disk", "retry with a delay", "compile a regular expression", "format a date", "escape html entities", "walk a directory tree", "hash a string", "validate a schema", "stream chunks"]) for (let i = 0; i < 5; i++) { const a = performance.now(); await api(server.url, q(s)); lat.push(performance.now() - a); }
lat.sort((a, b) => a - b);
console.log("search p50", lat[Math.floor(lat.length / 2)].toFixed(1), "p99", lat[lat.length - 1].toFixed(1));
await new Promise((r) => setTimeout(r, 8000));
console.log("idle after indexing", rss());
console.log(server.output().split("\n").filter((l) => l.includes("TIMING mem")).slice(-3).join("\n"));
// 2-file change
const files = execSync(`git -C ${repo.dir} ls-files | grep '\\.js$' | head -2`).toString().trim().split("\n");
for (const f of files) appendFileSync(path.join(repo.dir, f), "\n// changed for the re-index probe\nfunction probeChange() { return 42; }\n");
repo.commit("two files");
t = performance.now();
const again = await api<{ repo_id: string; research_id: string }>(server.url, "/api/repos", { method: "POST", json: { repo_url: repo.dir } });
console.log("re-add", again.status, JSON.stringify(again.body).slice(0, 200));
if (again.body.research_id) await waitForStatus(server.url, again.body.research_id, ["completed"], 60 * 60_000);
console.log(`re-index ${((performance.now() - t) / 1000).toFixed(2)} s (${(((performance.now() - t) / 1000 / full) * 100).toFixed(1)}% of full)`);
const ev = await api<any>(server.url, `/api/research/${again.body.research_id}/logs`);
console.log(JSON.stringify(ev.body).slice(0, 600));
// restart
const dataDir = server.dataDir;
await server.stop();
server = await startServerProcess({ env, dataDir });
t = performance.now(); await api(server.url, "/api/repos"); console.log("first /api/repos after restart", (performance.now() - t).toFixed(0), "ms");
t = performance.now(); await api(server.url, "/api/repos"); console.log("second /api/repos after restart", (performance.now() - t).toFixed(0), "ms");
t = performance.now(); const r = await api<any>(server.url, q("parse the command line arguments")); console.log("first search after restart", (performance.now() - t).toFixed(0), "ms", r.status);
t = performance.now(); await api(server.url, q("read a file from disk")); console.log("second search after restart", (performance.now() - t).toFixed(0), "ms");
console.log("rss after restart+search", rss());
console.log(server.output().split("\n").filter((l) => l.includes("TIMING")).join("\n"));
clearInterval(sampler);
await server.stop();
