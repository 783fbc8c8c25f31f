import { afterAll, beforeAll, expect, it } from "vitest";
import { api, waitForStatus } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let server: ServerProcess;
let model: ModelFixture;
let repoId: string;
let indexRun: string;

beforeAll(async () => {
  model = await new ModelFixture().start();
  const { allowedRoot, repo } = FixtureRepo.inNewRoot("tools");
  repo.write({
    "src/net.ts": [
      "export async function withBackoff<T>(operation: () => Promise<T>, tries: number): Promise<T> {",
      "  for (let attempt = 1; ; attempt++) {",
      "    try {",
      "      return await operation();",
      "    } catch (error) {",
      "      if (attempt >= tries) throw error;",
      "      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 50));",
      "    }",
      "  }",
      "}",
      "",
    ].join("\n"),
    "src/format.ts":
      "export function formatDate(date: Date): string {\n  return date.toISOString().slice(0, 10);\n}\n",
  });
  repo.commit("first");
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: allowedRoot,
      OPENAI_BASE_URL: model.url,
      EMBEDDING_MODEL: "fixture-embed",
    },
  });
  const added = await api<{ repo_id: string; research_id: string }>(server.url, "/api/repos", {
    method: "POST",
    json: { repo_url: repo.dir },
  });
  repoId = added.body.repo_id;
  indexRun = added.body.research_id;
  await waitForStatus(server.url, indexRun, ["completed"]);
});

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

it("embeds every chunk through the configured model while indexing", async () => {
  expect(model.embeddingRequests).toBeGreaterThan(0);
  const logs = await api<{ events: { log_entry?: { message: string } }[] }>(
    server.url,
    `/api/research/${indexRun}/logs?limit=1000`,
  );
  const embedded = logs.body.events
    .map((event) => event.log_entry?.message)
    .find((m) => m?.startsWith("Embedded"));
  expect(embedded).toMatch(/^Embedded \d+ chunk\(s\) with fixture-embed$/);
});

it("counts the embedding calls against the index run, as the provider reported them", async () => {
  const status = await api<{ usage: { input_tokens: number; output_tokens: number } }>(
    server.url,
    `/api/research/${indexRun}/status`,
  );
  // Searches (below) embed their queries outside the run: read before any of them.
  expect(status.body.usage).toMatchObject({
    input_tokens: model.embeddingTokens,
    output_tokens: 0,
    estimated: false,
  });
  expect(model.embeddingTokens).toBeGreaterThan(0);
});

it("finds code by meaning through vector similarity when no word matches", async () => {
  const lexicalOnly = "reattempt";
  const search = await api<{ results: { path: string }[] }>(
    server.url,
    `/api/repos/${repoId}/search?q=${lexicalOnly}&k=3`,
  );
  expect(search.body.results[0]?.path).toBe("src/net.ts");
  const exact = await api<{ results: { path: string }[] }>(
    server.url,
    `/api/repos/${repoId}/search?q=formatDate&k=3`,
  );
  expect(exact.body.results[0]?.path).toBe("src/format.ts");
});
