// Prints recall@5, recall@10 and MRR of code search per eval (see eval/) and over all of them,
// with the latency of the search requests. Usage: npm run eval:retrieval [-- --verbose] [-- --rewrite]
// --rewrite also measures the query rewrite (lib/search/query-rewrite.ts) with the chat model
// the environment configures (OPENAI_BASE_URL, CHAT_MODEL, …, as for the server): each question
// is rewritten here by the same code Ask uses, then searched; its numbers are printed apart.
import { loadConfig } from "../lib/config/env";
import { ModelRegistry } from "../lib/llm/models";
import { rewriteTerms, withTerms } from "../lib/search/query-rewrite";
import {
  askQuestions,
  buildEvalCorpus,
  EVAL_SUITES,
  type EvalReport,
  indexCorpus,
  missingSources,
} from "../test/support/retrieval-eval";
import { startServerProcess } from "../test/support/server-process";
// @ts-expect-error: plain .mjs shared with `npm start`
import { ensureBuild } from "./ensure-build.mjs";

const verbose = process.argv.includes("--verbose");
const format = (report: Pick<EvalReport, "recallAt5" | "recallAt10" | "mrr">) =>
  `recall@5 ${report.recallAt5.toFixed(3)}  recall@10 ${report.recallAt10.toFixed(3)}  MRR ${report.mrr.toFixed(3)}`;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How each question becomes a query in --rewrite mode, or null (said why) when no model answers. */
async function rewriterFromEnvironment(): Promise<{
  label: string;
  queryOf: (question: string) => Promise<string>;
  failures: () => number;
  times: number[];
} | null> {
  const models = new ModelRegistry(loadConfig(process.env));
  const resolved = await models.resolveChat({}).catch((error: unknown) => {
    console.log(`rewrite: no chat model could be resolved (${reasonOf(error)})`);
    return undefined;
  });
  if (resolved === null)
    console.log(
      "rewrite: no chat model is configured; set OPENAI_BASE_URL (an OpenAI-compatible server) and CHAT_MODEL, or OPENAI_API_KEY, to measure it",
    );
  if (!resolved) return null;
  const label = `${resolved.provider}/${resolved.modelId}`;
  try {
    await rewriteTerms({ model: resolved.model, question: "Where is the configuration read?" });
  } catch (error) {
    console.log(`rewrite: the model ${label} is not reachable (${reasonOf(error)})`);
    return null;
  }
  let failed = 0;
  const times: number[] = [];
  return {
    label,
    times,
    failures: () => failed,
    queryOf: async (question) => {
      const started = performance.now();
      try {
        return withTerms(question, await rewriteTerms({ model: resolved.model, question }));
      } catch {
        failed++;
        return question;
      } finally {
        times.push(performance.now() - started);
      }
    },
  };
}

function printMisses(report: EvalReport) {
  for (const entry of report.questions) {
    console.log(`${entry.rank === null ? "miss" : `#${entry.rank}`.padEnd(4)}  ${entry.q}`);
    if (entry.rank === null || entry.rank > 5)
      console.log(`      got: ${entry.top.slice(0, 5).join(", ")}`);
  }
}

function printSum(label: string, reports: EvalReport[]) {
  const total = (pick: (report: EvalReport) => number) =>
    reports.reduce((sum, report) => sum + pick(report), 0);
  console.log(
    `${label} over ${reports.length} evals: ${format({
      recallAt5: total((report) => report.recallAt5),
      recallAt10: total((report) => report.recallAt10),
      mrr: total((report) => report.mrr),
    })}`,
  );
}

ensureBuild();
const rewriter = process.argv.includes("--rewrite") ? await rewriterFromEnvironment() : null;
const plain: EvalReport[] = [];
const rewritten: EvalReport[] = [];
for (const suite of EVAL_SUITES) {
  const missing = missingSources(suite);
  if (missing.length > 0) {
    console.log(`${suite.name}: skipped, ${missing.join(", ")} missing (${suite.install ?? "?"})`);
    continue;
  }
  const { allowedRoot, repoDir } = buildEvalCorpus(suite);
  const server = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: allowedRoot } });
  try {
    const repoId = await indexCorpus(server.url, repoDir);
    const report = await askQuestions(server.url, repoId, suite);
    plain.push(report);
    if (verbose) printMisses(report);
    console.log(`${suite.name}: ${report.questions.length} questions  ${format(report)}`);
    if (rewriter) {
      const withRewrite = await askQuestions(server.url, repoId, suite, rewriter.queryOf);
      rewritten.push(withRewrite);
      if (verbose) printMisses(withRewrite);
      console.log(`${suite.name} with rewrite: ${format(withRewrite)}`);
    }
  } finally {
    await server.stop();
  }
}
if (plain.length > 0) {
  printSum("sum", plain);
  const times = plain.flatMap((report) => report.questions.map((entry) => entry.ms));
  times.sort((a, b) => a - b);
  console.log(
    `search latency over ${times.length} queries: p50 ${percentile(times, 50).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms`,
  );
}
if (rewriter && rewritten.length > 0) {
  printSum(`sum with rewrite (${rewriter.label})`, rewritten);
  const times = [...rewriter.times].sort((a, b) => a - b);
  console.log(
    `rewrite: ${rewriter.failures()} of ${times.length} calls failed (searched as asked); model latency p50 ${percentile(times, 50).toFixed(0)} ms  p99 ${percentile(times, 99).toFixed(0)} ms`,
  );
}
