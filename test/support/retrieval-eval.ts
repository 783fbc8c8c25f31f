import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { api, waitForStatus } from "./clients";
import { FixtureRepo } from "./fixture-repo";

const root = path.resolve(import.meta.dirname, "../..");

export interface EvalQuestion {
  q: string;
  files: string[];
}

export interface EvalReport {
  questions: { q: string; rank: number | null; top: string[] }[];
  recallAt5: number;
  recallAt10: number;
}

/** The corpus: real packages' source from node_modules in one git repository, offline. */
export function buildEvalCorpus(): { allowedRoot: string; repoDir: string } {
  const { allowedRoot, repo } = FixtureRepo.inNewRoot("realtime-stack");
  for (const [from, to] of [
    ["node_modules/ws/lib", "ws"],
    ["node_modules/socket.io/dist", "socket.io"],
    ["node_modules/engine.io/build", "engine.io"],
  ]) {
    cpSync(path.join(root, from), path.join(repo.dir, to), { recursive: true });
  }
  repo.commit("corpus");
  return { allowedRoot, repoDir: repo.dir };
}

export function loadQuestions(): EvalQuestion[] {
  const data = JSON.parse(readFileSync(path.join(root, "eval/retrieval-questions.json"), "utf8"));
  return data.questions as EvalQuestion[];
}

/** A hit is the answering file or its declaration file (`x.js` / `x.d.ts`). */
const matches = (result: string, answer: string) =>
  result === answer || result === answer.replace(/\.js$/, ".d.ts");

/** Indexes the corpus through the API and asks every question through search. */
export async function runRetrievalEval(baseUrl: string, repoDir: string): Promise<EvalReport> {
  const added = await api<{ repo_id: string; research_id: string | null }>(baseUrl, "/api/repos", {
    method: "POST",
    json: { repo_url: repoDir },
  });
  if (added.status >= 400)
    throw new Error(`adding the corpus failed: ${JSON.stringify(added.body)}`);
  if (added.body.research_id)
    await waitForStatus(baseUrl, added.body.research_id, ["completed"], 300_000);
  const questions: EvalReport["questions"] = [];
  for (const question of loadQuestions()) {
    const search = await api<{ results: { path: string }[] }>(
      baseUrl,
      `/api/repos/${added.body.repo_id}/search?${new URLSearchParams({ q: question.q, k: "10" })}`,
    );
    const top = search.body.results.map((result) => result.path);
    const index = top.findIndex((result) =>
      question.files.some((answer) => matches(result, answer)),
    );
    questions.push({ q: question.q, rank: index < 0 ? null : index + 1, top });
  }
  const within = (k: number) =>
    questions.filter((entry) => entry.rank !== null && entry.rank <= k).length / questions.length;
  return { questions, recallAt5: within(5), recallAt10: within(10) };
}
