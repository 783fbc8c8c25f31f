import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ChatCall, ModelFixture } from "../../test/support/model-fixture";
import { loadConfig } from "../config/env";
import { ModelRegistry } from "../llm/models";
import { queryRewritePrompt } from "../llm/prompts/query-rewrite";
import { LexicalIndex } from "./lexical-index";
import { type IndexedChunk, lexicalDocs, rankLexical } from "./lexical-ranking";
import { createQueryRewrite, parseRewriteTerms } from "./query-rewrite";

const QUESTION = "Let a client invalidate a token it no longer needs";
const TERMS = "revokeToken revocation revoke";

const rows: IndexedChunk[] = [
  {
    id: 1,
    path: "src/revocation.ts",
    startLine: 1,
    symbol: "revokeToken",
    text: "export function revokeToken(store: Map<string, Grant>, token: string) {\n  store.delete(token);\n}",
  },
  {
    id: 2,
    path: "src/session.ts",
    startLine: 1,
    symbol: "dropSession",
    text: "// Invalidate the session of a client that no longer needs it.\nexport function dropSession(client: Client) {\n  client.session = null;\n}",
  },
];
const chunks = new Map(rows.map((row) => [String(row.id), row]));
const index = LexicalIndex.build(lexicalDocs(rows));
const topFile = (query: string) => chunks.get(rankLexical(index, query, 1)[0].id)?.path;

const isRewrite = (call: ChatCall) =>
  call.messages[0]?.content === queryRewritePrompt({ question: QUESTION }).system;

let fixture: ModelFixture;
let models: ModelRegistry;

beforeAll(async () => {
  fixture = await new ModelFixture({ respond: (call) => (isRewrite(call) ? TERMS : "") }).start();
  models = new ModelRegistry(
    loadConfig({ OPENAI_BASE_URL: fixture.url, CHAT_MODEL: "fixture-chat" }),
  );
});

afterAll(() => fixture.stop());

afterEach(() => {
  fixture.options = { respond: (call) => (isRewrite(call) ? TERMS : "") };
  fixture.calls.length = 0;
});

async function model() {
  const resolved = await models.resolveChat({});
  if (!resolved) throw new Error("the fixture model is not configured");
  return resolved.model;
}

describe("query rewrite", () => {
  it("searches with the model's terms, which find the code the question's own words miss", async () => {
    expect(topFile(QUESTION)).toBe("src/session.ts");
    const rewrite = createQueryRewrite({ enabled: true });
    const query = await rewrite.searchQuery({ question: QUESTION, model: await model() });
    expect(query).toBe(`${QUESTION}\n${TERMS}`);
    expect(topFile(query)).toBe("src/revocation.ts");
    expect(fixture.calls).toHaveLength(1);
    expect(fixture.calls[0].messages.at(-1)?.content).toBe(`Question: ${QUESTION}`);
  });

  it("asks no model when switched off or when there is none", async () => {
    const off = createQueryRewrite({ enabled: false });
    expect(await off.searchQuery({ question: QUESTION, model: await model() })).toBe(QUESTION);
    const on = createQueryRewrite({ enabled: true });
    expect(await on.searchQuery({ question: QUESTION, model: null })).toBe(QUESTION);
    expect(fixture.calls).toHaveLength(0);
  });

  it("falls back to the question when the model fails", async () => {
    fixture.options = { failAll: true };
    const rewrite = createQueryRewrite({ enabled: true });
    expect(await rewrite.searchQuery({ question: QUESTION, model: await model() })).toBe(QUESTION);
    expect(fixture.calls).toHaveLength(1);
  });

  it("falls back to the question when the model is too slow", async () => {
    fixture.options = { stall: "before-headers" };
    const rewrite = createQueryRewrite({ enabled: true, timeoutMs: 300 });
    const started = Date.now();
    expect(await rewrite.searchQuery({ question: QUESTION, model: await model() })).toBe(QUESTION);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("gives up with the caller when the caller aborts", async () => {
    fixture.options = { stall: "before-headers" };
    const rewrite = createQueryRewrite({ enabled: true });
    const abort = new AbortController();
    const searching = rewrite.searchQuery({
      question: QUESTION,
      model: await model(),
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 100);
    await expect(searching).rejects.toThrow();
  });
});

describe("parseRewriteTerms", () => {
  it("keeps the terms of a reply and drops thinking, labels, list markers and quotes", () => {
    expect(
      parseRewriteTerms(
        '<think>The user wants revocation.</think>Terms: 1. `revokeToken`, "revocation.py" - token_revocation revoketoken x',
      ),
    ).toEqual(["revokeToken", "revocation.py", "token_revocation"]);
  });

  it("keeps at most 16 terms", () => {
    const many = Array.from({ length: 30 }, (_, n) => `term${n}`).join(" ");
    expect(parseRewriteTerms(many)).toHaveLength(16);
  });

  it("finds nothing in a reply that is still thinking", () => {
    expect(parseRewriteTerms("<think>Let me consider the auth module and")).toEqual([]);
  });
});
