import { cpSync, existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { api, waitForStatus } from "./clients";
import { FixtureRepo } from "./fixture-repo";

const root = path.resolve(import.meta.dirname, "../..");

export interface EvalQuestion {
  q: string;
  files: string[];
}

/** One eval: a real codebase read offline and questions about it (eval/<file>). */
export interface EvalSuite {
  name: string;
  questionsFile: string;
  /**
   * Folders copied into the corpus repository, `from` relative to the project or absolute; a
   * `*` in one of its folder names stands for the version a package put there (the newest).
   */
  sources: { from: string; to: string }[];
  /** How to get a missing source; the suite is skipped with this message. */
  install?: string;
}

export const EVAL_SUITES: readonly EvalSuite[] = [
  {
    name: "ws/socket.io (JavaScript)",
    questionsFile: "eval/retrieval-questions.json",
    sources: [
      { from: "node_modules/ws/lib", to: "ws" },
      { from: "node_modules/socket.io/dist", to: "socket.io" },
      { from: "node_modules/engine.io/build", to: "engine.io" },
    ],
  },
  {
    name: "oauthlib (Python)",
    questionsFile: "eval/retrieval-oauthlib.json",
    sources: [{ from: "/usr/lib/python3/dist-packages/oauthlib", to: "oauthlib" }],
    install: "apt-get install python3-oauthlib",
  },
  {
    name: "chi (Go)",
    questionsFile: "eval/retrieval-chi.json",
    sources: [{ from: "/usr/share/gocode/src/github.com/go-chi/chi", to: "chi" }],
    install: "apt-get install golang-github-go-chi-chi-dev",
  },
  {
    name: "rack (Ruby)",
    questionsFile: "eval/retrieval-rack.json",
    sources: [{ from: "/usr/share/rubygems-integration/all/gems/rack-2.*/lib/rack", to: "rack" }],
    install: "apt-get install ruby-rack",
  },
  {
    name: "urllib3 (Python)",
    questionsFile: "eval/retrieval-urllib3.json",
    sources: [{ from: "/usr/lib/python3/dist-packages/urllib3", to: "urllib3" }],
    install: "apt-get install python3-urllib3",
  },
  {
    name: "tower (Rust)",
    questionsFile: "eval/retrieval-tower.json",
    sources: [{ from: "/usr/share/cargo/registry/tower-0.*", to: "tower" }],
    install: "apt-get install librust-tower-dev",
  },
];

export interface EvalReport {
  questions: { q: string; rank: number | null; top: string[]; ms: number }[];
  recallAt5: number;
  recallAt10: number;
  mrr: number;
}

/** The sources a suite needs that are not on this machine (empty when it can run). */
export function missingSources(suite: EvalSuite): string[] {
  return suite.sources
    .filter((source) => !existsSync(sourceFolder(source.from)))
    .map((source) => source.from);
}

/** A source's folder on this machine: `*` in a folder name matched against what is there. */
export function sourceFolder(from: string): string {
  let resolved = path.parse(path.resolve(root, from)).root;
  for (const name of path.resolve(root, from).split(path.sep).filter(Boolean)) {
    if (!name.includes("*")) {
      resolved = path.join(resolved, name);
      continue;
    }
    const pattern = new RegExp(`^${name.split("*").map(escapeRegExp).join(".*")}$`);
    const found = existsSync(resolved)
      ? readdirSync(resolved)
          .filter((entry) => pattern.test(entry))
          .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
      : [];
    resolved = path.join(resolved, found.at(-1) ?? name);
  }
  return resolved;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The corpus: a suite's sources copied into one git repository, offline. */
export function buildEvalCorpus(suite: EvalSuite = EVAL_SUITES[0]): {
  allowedRoot: string;
  repoDir: string;
} {
  const { allowedRoot, repo } = FixtureRepo.inNewRoot("eval-corpus");
  for (const { from, to } of suite.sources) {
    cpSync(sourceFolder(from), path.join(repo.dir, to), {
      recursive: true,
      // Bytecode caches are not source a person asks about.
      filter: (source) => !source.endsWith("__pycache__"),
    });
  }
  repo.commit("corpus");
  return { allowedRoot, repoDir: repo.dir };
}

export function loadQuestions(suite: EvalSuite = EVAL_SUITES[0]): EvalQuestion[] {
  const data = JSON.parse(readFileSync(path.join(root, suite.questionsFile), "utf8"));
  return data.questions as EvalQuestion[];
}

/** A hit is the answering file or its declaration file (`x.js` / `x.d.ts`). */
const matches = (result: string, answer: string) =>
  result === answer || result === answer.replace(/\.js$/, ".d.ts");

/** Adds the corpus through the API and waits for its index; its repository id. */
export async function indexCorpus(baseUrl: string, repoDir: string): Promise<string> {
  const added = await api<{ repo_id: string; research_id: string | null }>(baseUrl, "/api/repos", {
    method: "POST",
    json: { repo_url: repoDir },
  });
  if (added.status >= 400)
    throw new Error(`adding the corpus failed: ${JSON.stringify(added.body)}`);
  if (added.body.research_id)
    await waitForStatus(baseUrl, added.body.research_id, ["completed"], 300_000);
  return added.body.repo_id;
}

/**
 * Asks every question of a suite through search, each as `queryOf` turns it into a query
 * (the question itself by default); `ms` is the search request's time only.
 */
export async function askQuestions(
  baseUrl: string,
  repoId: string,
  suite: EvalSuite,
  queryOf: (question: string) => Promise<string> = async (question) => question,
): Promise<EvalReport> {
  const questions: EvalReport["questions"] = [];
  for (const question of loadQuestions(suite)) {
    const query = await queryOf(question.q);
    const started = performance.now();
    const search = await api<{ results: { path: string }[] }>(
      baseUrl,
      `/api/repos/${repoId}/search?${new URLSearchParams({ q: query, k: "10" })}`,
    );
    const ms = performance.now() - started;
    const top = search.body.results.map((result) => result.path);
    const index = top.findIndex((result) =>
      question.files.some((answer) => matches(result, answer)),
    );
    questions.push({ q: question.q, rank: index < 0 ? null : index + 1, top, ms });
  }
  const within = (k: number) =>
    questions.filter((entry) => entry.rank !== null && entry.rank <= k).length / questions.length;
  const mrr =
    questions.reduce((sum, entry) => sum + (entry.rank === null ? 0 : 1 / entry.rank), 0) /
    questions.length;
  return { questions, recallAt5: within(5), recallAt10: within(10), mrr };
}
