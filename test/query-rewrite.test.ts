import { afterAll, beforeAll, expect, it } from "vitest";
import type { ChatEvent } from "../lib/protocol/chat";
import { chatOverSocket } from "./support/chat-client";
import { api, waitForStatus } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { type ChatCall, defaultAnswer, ModelFixture } from "./support/model-fixture";
import { startResearch } from "./support/research-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

const QUESTION = "Let a client invalidate a token it no longer needs";
/** What the fixture's "model" names for the question: the code's words, not the question's. */
const TERMS = "revokeToken revocation revoke";

const isRewrite = (call: ChatCall) =>
  call.messages[0]?.content.includes("into search terms for a code search engine");
/** The passages an answer was written from, in the order the prompt lists them. */
const passagePaths = (call: ChatCall) =>
  [...call.messages[0].content.matchAll(/^--- ([\w./-]+):\d+-\d+$/gm)].map((match) => match[1]);

let model: ModelFixture;
let server: ServerProcess;
let repoDir: string;
let repoId: string;

beforeAll(async () => {
  model = await new ModelFixture({
    respond: (call) => (isRewrite(call) ? TERMS : defaultAnswer(call)),
  }).start();
  const fixture = FixtureRepo.inNewRoot("tokens");
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "src/revocation.ts":
      "export function revokeToken(store: Map<string, Grant>, token: string) {\n  store.delete(token);\n}\n",
    "src/session.ts":
      "// Invalidate the session of a client that no longer needs it.\nexport function dropSession(client: Client) {\n  client.session = null;\n}\n",
  });
  fixture.repo.commit("first");
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
      QUERY_REWRITE: "on",
    },
  });
  const added = await api<{ repo_id: string; research_id: string }>(server.url, "/api/repos", {
    method: "POST",
    json: { repo_url: repoDir },
  });
  repoId = added.body.repo_id;
  await waitForStatus(server.url, added.body.research_id, ["completed"]);
});

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

/** Code search does not rewrite: what the question's words alone rank first. */
async function plainTopFile(question: string): Promise<string | undefined> {
  const search = await api<{ results: { path: string }[] }>(
    server.url,
    `/api/repos/${repoId}/search?${new URLSearchParams({ q: question, k: "2" })}`,
  );
  return search.body.results[0]?.path;
}

it("Ask searches with the terms the model names, which find what the question's own words miss", async () => {
  expect(await plainTopFile(QUESTION)).toBe("src/session.ts");

  const outcome = await chatOverSocket(server.url, {
    repo_url: repoDir,
    messages: [{ role: "user", content: QUESTION }],
    stream: "events",
  });
  expect(outcome.code).toBe(1000);
  const sources = outcome.frames
    .map((frame) => JSON.parse(frame) as ChatEvent)
    .find((event) => event.type === "sources");
  expect(sources?.type === "sources" && sources.items[0]?.path).toBe("src/revocation.ts");
  const rewrite = model.calls.find(isRewrite);
  expect(rewrite?.messages.at(-1)?.content).toBe(`Question: ${QUESTION}`);
});

it("a quick research searches with them too", async () => {
  const question = "Which code invalidates a token that a client no longer needs?";
  expect(await plainTopFile(question)).toBe("src/session.ts");
  const started = await startResearch(server.url, {
    query: question,
    repo_url: repoDir,
    mode: "quick",
  });
  await waitForStatus(server.url, started.body.research_id, ["completed"], 30_000);
  expect(
    model.calls.some(
      (call) => isRewrite(call) && call.messages.at(-1)?.content === `Question: ${question}`,
    ),
  ).toBe(true);
  const answer = model.calls.findLast(
    (call) =>
      !isRewrite(call) && call.messages.some((message) => message.content.includes(question)),
  );
  expect(answer && passagePaths(answer)[0]).toBe("src/revocation.ts");
});
