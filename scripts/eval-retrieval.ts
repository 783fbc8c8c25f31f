// Prints recall@5, recall@10 and MRR of code search per eval (see eval/) and over all of them,
// with the latency of the search requests. Usage: npm run eval:retrieval [-- --verbose]
import {
  buildEvalCorpus,
  EVAL_SUITES,
  type EvalReport,
  missingSources,
  runRetrievalEval,
} from "../test/support/retrieval-eval";
import { startServerProcess } from "../test/support/server-process";
// @ts-expect-error: plain .mjs shared with `npm start`
import { ensureBuild } from "./ensure-build.mjs";

const verbose = process.argv.includes("--verbose");
const format = (report: Pick<EvalReport, "recallAt5" | "recallAt10" | "mrr">) =>
  `recall@5 ${report.recallAt5.toFixed(3)}  recall@10 ${report.recallAt10.toFixed(3)}  MRR ${report.mrr.toFixed(3)}`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

ensureBuild();
const reports: { name: string; report: EvalReport }[] = [];
for (const suite of EVAL_SUITES) {
  const missing = missingSources(suite);
  if (missing.length > 0) {
    console.log(`${suite.name}: skipped, ${missing.join(", ")} missing (${suite.install ?? "?"})`);
    continue;
  }
  const { allowedRoot, repoDir } = buildEvalCorpus(suite);
  const server = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: allowedRoot } });
  try {
    const report = await runRetrievalEval(server.url, repoDir, suite);
    reports.push({ name: suite.name, report });
    if (verbose) {
      for (const entry of report.questions) {
        console.log(`${entry.rank === null ? "miss" : `#${entry.rank}`.padEnd(4)}  ${entry.q}`);
        if (entry.rank === null || entry.rank > 5)
          console.log(`      got: ${entry.top.slice(0, 5).join(", ")}`);
      }
    }
    console.log(`${suite.name}: ${report.questions.length} questions  ${format(report)}`);
  } finally {
    await server.stop();
  }
}
if (reports.length > 0) {
  const total = (pick: (report: EvalReport) => number) =>
    reports.reduce((sum, { report }) => sum + pick(report), 0);
  console.log(
    `sum over ${reports.length} evals: ${format({
      recallAt5: total((report) => report.recallAt5),
      recallAt10: total((report) => report.recallAt10),
      mrr: total((report) => report.mrr),
    })}`,
  );
  const times = reports.flatMap(({ report }) => report.questions.map((entry) => entry.ms));
  times.sort((a, b) => a - b);
  console.log(
    `search latency over ${times.length} queries: p50 ${percentile(times, 50).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms`,
  );
}
