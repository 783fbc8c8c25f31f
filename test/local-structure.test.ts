import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent } from "../lib/protocol/chat";
import { chatOverSocket } from "./support/chat-client";
import { api, waitFor } from "./support/clients";
import { FixtureRepo, lineOf } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// Issue #12: DeepWiki's client asks `/local_repo/structure` through a proxy that gives up
// after 30 s; the answer must come in seconds however big the repository, with the
// indexing going on in the background and chats waiting for it.

/** The bound, from request to response. */
const STRUCTURE_BOUND_MS = 5_000;
const MODULES = 200;
const FILES_PER_MODULE = 100;

const invoice = `export function calculateInvoiceTotal(lines: { price: number; quantity: number }[]) {
  // the invoice total is the sum of every line's price times its quantity
  return lines.reduce((total, line) => total + line.price * line.quantity, 0);
}
`;
const readme = "# Atlas\n\nA generated repository of twenty thousand files.\n";

/** Files the index takes, and files it must leave out (dependencies, build output, …). */
function bigRepository(): { kept: Record<string, string>; dropped: Record<string, string> } {
  const kept: Record<string, string> = {
    "README.md": readme,
    ".gitignore": "logs/\n",
    "src/billing/invoice.ts": invoice,
  };
  for (let module = 0; module < MODULES; module++) {
    for (let file = 0; file < FILES_PER_MODULE; file++) {
      kept[`src/module${module}/file${file}.ts`] =
        `export function step_${module}_${file}(value: number): number {\n  return value * ${file} + ${module};\n}\n`;
    }
  }
  const dropped = {
    "node_modules/left-pad/index.js": "module.exports = (s) => s;\n",
    "dist/bundle.js": "console.log('built');\n",
    "package-lock.json": "{}\n",
    "logs/debug.txt": "a log line\n",
    "assets/logo.png": "not really a picture\n",
  };
  return { kept, dropped };
}

function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
}

const { kept, dropped } = bigRepository();
const expectedTree = Object.keys(kept).sort();

let root: string;
let gitDir: string;
let folderDir: string;
let model: ModelFixture;
let server: ServerProcess;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "cartograph-roots-"));
  const repo = new FixtureRepo(path.join(root, "atlas-git"));
  writeFiles(repo.dir, { ...kept, ...dropped });
  // Committed with --force: ignored and excluded files are in the commit, the index's
  // filter is what leaves them out.
  repo.commit("twenty thousand files");
  gitDir = repo.dir;
  folderDir = path.join(root, "atlas-folder");
  writeFiles(folderDir, { ...kept, ...dropped });
  model = await new ModelFixture().start();
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: root,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
    },
  });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

async function structureOf(folder: string) {
  const started = performance.now();
  const response = await api<{ file_tree: string; readme: string }>(
    server.url,
    `/local_repo/structure?path=${encodeURIComponent(folder)}`,
  );
  return { ...response, elapsedMs: performance.now() - started };
}

const question = "How is the invoice total calculated?";
const ask = (repoUrl: string, stream: "text" | "events") => ({
  repo_url: repoUrl,
  messages: [{ role: "user", content: question }],
  stream,
});

interface IndexedRepository {
  repo_id: string;
  name: string;
  latest_snapshot: { status: string; file_count: number; research_id: string | null } | null;
}

async function repositoryNamed(name: string): Promise<IndexedRepository | undefined> {
  const listed = await api<{ items: IndexedRepository[] }>(server.url, "/api/repos");
  return listed.body.items.find((item) => item.name === name);
}

describe("/local_repo/structure of a 20,000-file repository", () => {
  it("answers a git repository within seconds; a chat right after it sees the indexing progress, then a grounded answer, and shares the index run with a text chat", async () => {
    const structure = await structureOf(gitDir);
    expect(structure.status).toBe(200);
    expect(structure.elapsedMs).toBeLessThan(STRUCTURE_BOUND_MS);
    expect(structure.body.file_tree.split("\n")).toEqual(expectedTree);
    expect(structure.body.readme).toBe(readme);

    const [eventsChat, textChat] = await Promise.all([
      chatOverSocket(server.url, ask(gitDir, "events")),
      fetch(`${server.url}/api/chat/stream`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ask(gitDir, "text")),
      }).then(async (response) => ({ status: response.status, text: await response.text() })),
    ]);

    expect(eventsChat.code).toBe(1000);
    const events = eventsChat.frames.map((frame) => JSON.parse(frame) as ChatEvent);
    const meta = events.findIndex((event) => event.type === "meta");
    const progress = events.slice(0, meta);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((event) => event.type === "progress" && event.phase === "indexing")).toBe(
      true,
    );
    const percentages = progress.map((event) => (event.type === "progress" ? event.progress : -1));
    expect(percentages).toEqual([...percentages].sort((a, b) => a - b));
    expect(progress.some((event) => event.type === "progress" && event.steps?.total)).toBe(true);
    const sources = events.find((event) => event.type === "sources");
    expect(sources?.type === "sources" && sources.items[0].path).toBe("src/billing/invoice.ts");
    const done = events.at(-1);
    expect(done?.type === "done" && done.citations).toEqual([
      expect.objectContaining({ path: "src/billing/invoice.ts", valid: true }),
    ]);

    // The HTTP fallback in text mode waited as long, and carries the answer text only.
    const line = lineOf(invoice, "calculateInvoiceTotal");
    expect(textChat.status).toBe(200);
    expect(
      textChat.text.startsWith(`This answers: ${question} (see src/billing/invoice.ts:${line}-`),
    ).toBe(true);
    expect(textChat.text.endsWith(").")).toBe(true);

    const history = await api<{ items: { query: string; status: string }[] }>(
      server.url,
      "/api/history?kind=index",
    );
    expect(history.body.items.filter((run) => run.query.startsWith("local/atlas-git"))).toEqual([
      expect.objectContaining({ status: "completed" }),
    ]);
  }, 240_000);

  it("answers a plain folder within seconds without waiting for its hash; it is indexed in the background while a text chat waits with nothing but the answer", async () => {
    const structure = await structureOf(folderDir);
    expect(structure.status).toBe(200);
    expect(structure.elapsedMs).toBeLessThan(STRUCTURE_BOUND_MS);
    expect(structure.body.file_tree.split("\n")).toEqual(expectedTree);
    expect(structure.body.readme).toBe(readme);

    const textChat = chatOverSocket(server.url, ask(folderDir, "text"));
    const indexing = await waitFor(
      async () => {
        const repository = await repositoryNamed("atlas-folder");
        // The snapshot row exists a moment before its run is claimed for it.
        const snapshot = repository?.latest_snapshot;
        return snapshot?.status === "indexing" && snapshot.research_id !== null && repository;
      },
      { timeoutMs: 60_000, what: "the folder's index run" },
    );
    expect(indexing.latest_snapshot?.research_id).toEqual(expect.any(String));

    const answered = await textChat;
    expect(answered.code).toBe(1000);
    expect(answered.frames.join("")).toMatch(/^This answers: .*src\/billing\/invoice\.ts:\d+-\d+/);
    expect(answered.frames.some((frame) => frame.trimStart().startsWith("{"))).toBe(false);
    const indexed = await repositoryNamed("atlas-folder");
    expect(indexed?.latest_snapshot).toMatchObject({
      status: "ready",
      file_count: expectedTree.length,
    });
  }, 240_000);

  it("answers 404 {error} for a missing folder and 400 {error} for one that is not allowed, naming no server path", async () => {
    const missing = await api<{ error: string }>(
      server.url,
      `/local_repo/structure?path=${encodeURIComponent(path.join(root, "not-here"))}`,
    );
    expect(missing).toEqual({ status: 404, body: { error: "That local folder does not exist" } });
    for (const refused of [
      tmpdir(),
      "/definitely/not/here",
      `${root}/../elsewhere`,
      "https://github.com/octo/repo",
      "octo/repo",
    ]) {
      const answer = await api<{ error: string }>(
        server.url,
        `/local_repo/structure?path=${encodeURIComponent(refused)}`,
      );
      expect(answer.status, refused).toBe(400);
      expect(Object.keys(answer.body)).toEqual(["error"]);
      expect(answer.body.error).not.toContain(root);
      expect(answer.body.error).not.toContain(tmpdir());
    }
  });
});
