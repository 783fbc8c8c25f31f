// Prints recall@5 and recall@10 of code search over a real corpus (see eval/).
// Usage: npm run eval:retrieval [-- --verbose]
import { buildEvalCorpus, runRetrievalEval } from "../test/support/retrieval-eval";
import { startServerProcess } from "../test/support/server-process";
// @ts-expect-error: plain .mjs shared with `npm start`
import { ensureBuild } from "./ensure-build.mjs";

ensureBuild();
const { allowedRoot, repoDir } = buildEvalCorpus();
const server = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: allowedRoot } });
try {
  const report = await runRetrievalEval(server.url, repoDir);
  if (process.argv.includes("--verbose")) {
    for (const entry of report.questions) {
      console.log(`${entry.rank === null ? "miss" : `#${entry.rank}`.padEnd(4)}  ${entry.q}`);
      if (entry.rank === null || entry.rank > 5)
        console.log(`      got: ${entry.top.slice(0, 5).join(", ")}`);
    }
  }
  console.log(`questions: ${report.questions.length}`);
  console.log(`recall@5:  ${report.recallAt5.toFixed(3)}`);
  console.log(`recall@10: ${report.recallAt10.toFixed(3)}`);
} finally {
  await server.stop();
}
