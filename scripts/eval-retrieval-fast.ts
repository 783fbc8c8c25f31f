// Retrieval eval in one process, without the server: the corpus files are selected, parsed
// and chunked by the same code the index run uses, the lexical index built and searched by
// the same code the search thread runs. Seconds instead of minutes, for trying ranking
// changes; `npm run eval:retrieval` (through the API) stays the reference. Usage:
// npx tsx scripts/eval-retrieval-fast.ts [--verbose] [--only <name part>]
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { selectFiles } from "../lib/repos/file-selection";
import { parseFile } from "../lib/repos/parse-file";
import { LexicalIndex } from "../lib/search/lexical-index";
import { type IndexedChunk, lexicalDocs, rankLexical } from "../lib/search/lexical-ranking";
import {
  EVAL_SUITES,
  type EvalSuite,
  loadQuestions,
  missingSources,
  sourceFolder,
} from "../test/support/retrieval-eval";

const verbose = process.argv.includes("--verbose");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : null;

function listFiles(suite: EvalSuite): { path: string; size: number; abs: string }[] {
  const out: { path: string; size: number; abs: string }[] = [];
  for (const { from, to } of suite.sources) {
    const base = sourceFolder(from);
    const walk = (dir: string, rel: string) => {
      for (const name of readdirSync(dir)) {
        if (name === "__pycache__") continue;
        const abs = path.join(dir, name);
        const relPath = rel ? `${rel}/${name}` : name;
        const stat = statSync(abs);
        if (stat.isDirectory()) walk(abs, relPath);
        else out.push({ path: relPath, size: stat.size, abs });
      }
    };
    walk(base, to);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function chunksOf(suite: EvalSuite): Promise<IndexedChunk[]> {
  const entries = listFiles(suite);
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  const { files } = await selectFiles(
    entries,
    async (paths) =>
      new Map(paths.map((p) => [p, readFileSync(byPath.get(p)?.abs ?? "")] as [string, Buffer])),
    { filters: {}, maxFileBytes: 1_000_000 },
  );
  const rows: IndexedChunk[] = [];
  for (const file of files) {
    const parsed = await parseFile({ path: file.path, bytes: readFileSync(file.abs) });
    if (parsed.kind !== "parsed") continue;
    for (const chunk of parsed.analysis.chunks) {
      rows.push({
        id: rows.length + 1,
        path: file.path,
        startLine: chunk.startLine,
        symbol: chunk.symbol ?? null,
        text: chunk.text,
      });
    }
  }
  return rows;
}

const matches = (result: string, answer: string) =>
  result === answer || result === answer.replace(/\.js$/, ".d.ts");

const sums = { r5: 0, r10: 0, mrr: 0 };
const times: number[] = [];
for (const suite of EVAL_SUITES) {
  if (only && !suite.name.toLowerCase().includes(only.toLowerCase())) continue;
  if (missingSources(suite).length > 0) {
    console.log(`${suite.name}: skipped (${suite.install})`);
    continue;
  }
  const rows = await chunksOf(suite);
  const built = performance.now();
  const index = LexicalIndex.build(lexicalDocs(rows));
  const buildMs = performance.now() - built;
  const pathOf = new Map(rows.map((row) => [String(row.id), row.path]));
  const questions = loadQuestions(suite);
  let r5 = 0;
  let r10 = 0;
  let mrr = 0;
  for (const question of questions) {
    const started = performance.now();
    const hits = rankLexical(index, question.q, 10);
    times.push(performance.now() - started);
    const top = hits.map((hit) => pathOf.get(hit.id) ?? hit.id);
    const at = top.findIndex((result) => question.files.some((answer) => matches(result, answer)));
    const rank = at < 0 ? null : at + 1;
    if (rank !== null && rank <= 5) r5++;
    if (rank !== null) r10++;
    if (rank !== null) mrr += 1 / rank;
    if (verbose && (rank === null || rank > 5)) {
      console.log(
        `${rank === null ? "miss" : `#${rank}`}  ${question.q}  [${question.files.join(" ")}]`,
      );
      console.log(`      got: ${[...new Set(top)].slice(0, 6).join(", ")}`);
    }
  }
  const n = questions.length;
  sums.r5 += r5 / n;
  sums.r10 += r10 / n;
  sums.mrr += mrr / n;
  console.log(
    `${suite.name.padEnd(26)} ${String(n).padStart(3)} q  recall@5 ${(r5 / n).toFixed(3)}  recall@10 ${(r10 / n).toFixed(3)}  MRR ${(mrr / n).toFixed(3)}  (${rows.length} chunks, build ${buildMs.toFixed(0)} ms, ${(index.toBuffer().byteLength / 1024).toFixed(0)} KB)`,
  );
}
times.sort((a, b) => a - b);
console.log(
  `sum: recall@5 ${sums.r5.toFixed(3)}  recall@10 ${sums.r10.toFixed(3)}  MRR ${sums.mrr.toFixed(3)}  search p50 ${times[Math.floor(times.length / 2)]?.toFixed(1)} ms p99 ${times[Math.floor(times.length * 0.99)]?.toFixed(1)} ms`,
);
