import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatOverSocket } from "./support/chat-client";
import { FixtureRepo } from "./support/fixture-repo";
import { type ChatCall, ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// Issue #12 item 1: DeepWiki's frontend sends its whole file tree and README as one user
// message, its output format last. The model must see that end, however big the message.

const MiB = 1024 * 1024;
const MARKER = /\n\n\[… ([\d,]+) characters omitted to fit the model's context window …\]\n\n/;

let model: ModelFixture;
let plain: ServerProcess;
let configured: ServerProcess;
let repoDir: string;

/** A DeepWiki structure prompt of about `bytes`: a file tree, a README, then the format. */
function structurePrompt(bytes: number) {
  const head = "Analyze this GitHub repository acme/widgets and create a wiki structure for it.";
  const tree: string[] = [];
  for (let index = 0; tree.length * 48 < bytes * 0.8; index++) {
    tree.push(`packages/widget-${index % 97}/src/components/part-${index}.tsx`);
  }
  const readme = Array.from(
    { length: Math.ceil((bytes * 0.2) / 60) },
    (_, index) => `Widgets are assembled in stage ${index} of the pipeline, see docs.`,
  );
  const instructions = [
    "Return your analysis in the following XML format:",
    "<wiki_structure>",
    "  <title>[Overall title for the wiki]</title>",
    "</wiki_structure>",
    "IMPORTANT FORMATTING INSTRUCTIONS:",
    "- Return ONLY the valid XML structure specified above",
    "- DO NOT wrap the XML in markdown code blocks (no ``` or ```xml)",
    "- Start directly with <wiki_structure> and end with </wiki_structure>",
  ].join("\n");
  const text = [
    head,
    "",
    "1. The complete file tree of the project:",
    "<file_tree>",
    ...tree,
    "</file_tree>",
    "",
    "2. The README file of the project:",
    "<readme>",
    ...readme,
    "</readme>",
    "",
    instructions,
  ].join("\n");
  return { text, head, instructions, lastLine: instructions.split("\n").at(-1) ?? "" };
}

const prompt = structurePrompt(3 * MiB);
const request = (extra: Record<string, unknown> = {}) => ({
  repo_url: repoDir,
  messages: [{ role: "user", content: prompt.text }],
  ...extra,
});

/** The question as the model received it, split at the omission marker. */
function questionReceived(call: ChatCall | undefined) {
  const content = call?.messages.at(-1)?.content ?? "";
  const match = MARKER.exec(content);
  return {
    content,
    omitted: match ? Number(match[1].replaceAll(",", "")) : 0,
    head: match ? content.slice(0, match.index) : content,
    tail: match ? content.slice(match.index + match[0].length) : "",
  };
}

/** What the model received in all: the system prompt and every message. */
const promptChars = (call: ChatCall | undefined) =>
  (call?.messages ?? []).reduce((total, message) => total + message.content.length, 0);

beforeAll(async () => {
  model = await new ModelFixture().start();
  const fixture = FixtureRepo.inNewRoot("widgets");
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "README.md": "# Widgets\n\nWidgets are assembled in stages.\n",
    "src/assemble.ts":
      "export function assemble(parts: string[]) {\n  return parts.join('+');\n}\n",
  });
  fixture.repo.commit("first");
  const env = {
    CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
    OPENAI_BASE_URL: model.url,
    CHAT_MODEL: "fixture-chat",
  };
  [plain, configured] = await Promise.all([
    startServerProcess({ env }),
    startServerProcess({ env: { ...env, CHAT_CONTEXT_TOKENS: "60000" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([plain?.stop(), configured?.stop()]);
  await model?.stop();
});

describe("a DeepWiki structure prompt of several MB", () => {
  it("over /ws/chat reaches the model with its head, its instructions intact and the omission marked", async () => {
    expect(prompt.text.length).toBeGreaterThan(2.5 * MiB);
    const outcome = await chatOverSocket(plain.url, request());
    expect(outcome.code).toBe(1000);
    // The fixture echoes the last line of the question: the instructions got through.
    expect(outcome.frames.join("")).toMatch(
      /^This answers: - Start directly with <wiki_structure>/,
    );

    const call = model.calls.at(-1);
    const question = questionReceived(call);
    expect(question.head.startsWith(`${prompt.head}\n\n1. The complete file tree`)).toBe(true);
    expect(question.tail.endsWith(prompt.instructions)).toBe(true);
    expect(question.head.length + question.omitted + question.tail.length).toBe(prompt.text.length);
    // Fitted to the unknown model's 16,000 tokens, at no more than three characters a token.
    expect(promptChars(call)).toBeLessThan(16_000 * 3);
  });

  it.each(["/chat/completions/stream", "/api/chat/stream"])(
    "over the HTTP fallback %s the same",
    async (path) => {
      const response = await fetch(`${plain.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request()),
      });
      expect(response.status).toBe(200);
      expect((await response.text()).startsWith(`This answers: ${prompt.lastLine}`)).toBe(true);
      const question = questionReceived(model.calls.at(-1));
      expect(question.omitted).toBeGreaterThan(2 * MiB);
      expect(question.head.startsWith(prompt.head)).toBe(true);
      expect(question.tail.endsWith(prompt.instructions)).toBe(true);
    },
  );
});

describe("how much of it reaches the model", () => {
  it("follows CHAT_CONTEXT_TOKENS when it is set", async () => {
    expect((await chatOverSocket(plain.url, request())).code).toBe(1000);
    const byDefault = model.calls.at(-1);
    expect((await chatOverSocket(configured.url, request())).code).toBe(1000);
    const overridden = model.calls.at(-1);
    expect(promptChars(overridden)).toBeGreaterThan(promptChars(byDefault) * 3);
    expect(promptChars(overridden)).toBeLessThan(60_000 * 3);
    const question = questionReceived(overridden);
    expect(question.omitted).toBeGreaterThan(0);
    expect(question.tail.endsWith(prompt.instructions)).toBe(true);
  });

  it("follows the known window of the model asked for, unless CHAT_CONTEXT_TOKENS overrides it", async () => {
    await chatOverSocket(plain.url, request({ model: "openai/gpt-4o" }));
    const known = model.calls.at(-1);
    expect(known?.model).toBe("openai/gpt-4o");
    expect(promptChars(known)).toBeGreaterThan(60_000 * 3);
    expect(promptChars(known)).toBeLessThan(128_000 * 3);
    expect(questionReceived(known).tail.endsWith(prompt.instructions)).toBe(true);

    await chatOverSocket(configured.url, request({ model: "openai/gpt-4o" }));
    expect(promptChars(model.calls.at(-1))).toBeLessThan(60_000 * 3);
  });
});
