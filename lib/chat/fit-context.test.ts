import { describe, expect, it } from "vitest";
import { estimateTokens } from "../llm/token-budget";
import type { ChatMessage } from "../protocol/chat";
import { type ContextToFit, cutMiddle, type FittedContext, fitContext } from "./fit-context";

const MARKER = /\n\n\[… ([\d,]+) characters omitted to fit the model's context window …\]\n\n/;

/** A DeepWiki-style structure prompt: a file tree and a README, the instructions last. */
function structurePrompt(files: number): { text: string; head: string; instructions: string } {
  const head = "Analyze this GitHub repository acme/widgets and create a wiki structure for it.";
  const tree = Array.from({ length: files }, (_, index) => `src/module-${index}/file-${index}.ts`);
  const instructions = [
    "Return your analysis in the following XML format:",
    "<wiki_structure>…</wiki_structure>",
    "IMPORTANT FORMATTING INSTRUCTIONS:",
    "- Return ONLY the valid XML structure specified above",
  ].join("\n");
  const text = [
    head,
    "<file_tree>",
    ...tree,
    "</file_tree>",
    "<readme># Widgets</readme>",
    instructions,
  ].join("\n");
  return { text, head, instructions };
}

const user = (content: string): ChatMessage => ({ role: "user", content });
const assistant = (content: string): ChatMessage => ({ role: "assistant", content });
const passage = (index: number) => ({
  id: index,
  text: `--- src/p${index}.ts:1-20\n${"const x = 1;\n".repeat(20)}`,
});

function fitWith(
  input: Partial<ContextToFit<ReturnType<typeof passage>>> & { tokens: number },
): FittedContext<ReturnType<typeof passage>> {
  return fitContext({
    messages: [user("How are widgets built?")],
    passages: [],
    passageText: (item) => item.text,
    maxPassages: 30,
    ...input,
  });
}

const passageCost = estimateTokens(`${passage(0).text}\n\n`);
const costOf = (messages: ChatMessage[]) =>
  messages.reduce((total, message) => total + estimateTokens(message.content) + 8, 0);

/** What the fitted context costs, counted the way fitContext counts. */
function spent(fitted: FittedContext<ReturnType<typeof passage>>): number {
  return (
    costOf(fitted.messages) +
    (fitted.file ? estimateTokens(fitted.file.content) : 0) +
    fitted.pageFiles.reduce((total, file) => total + estimateTokens(file.content), 0) +
    fitted.passages.reduce((total, item) => total + estimateTokens(`${item.text}\n\n`), 0)
  );
}

/** The number the marker states, and the text around it. */
function markerOf(text: string) {
  const match = MARKER.exec(text);
  if (!match) return null;
  return {
    omitted: Number(match[1].replaceAll(",", "")),
    head: text.slice(0, match.index),
    tail: text.slice(match.index + match[0].length),
  };
}

describe("fitContext", () => {
  it("leaves a conversation that fits untouched", () => {
    const messages = [user("What is a widget?"), assistant("A widget is …"), user("And a gadget?")];
    const passages = [passage(1), passage(2)];
    const file = { path: "src/widget.ts", content: "export const widget = 1;\n" };
    const fitted = fitWith({ tokens: 16_000, messages, passages, file });
    expect(fitted.messages).toEqual(messages);
    expect(fitted.passages).toEqual(passages);
    expect(fitted.file).toEqual({ ...file, truncated: false });
    expect(fitted.omitted).toEqual({ turns: 0, characters: 0 });
  });

  it("cuts the middle of an over-long question, keeping its head and its last lines, and says how much went", () => {
    const prompt = structurePrompt(100_000);
    const fitted = fitWith({ tokens: 12_000, messages: [user(prompt.text)] });
    const question = fitted.messages.at(-1)?.content ?? "";
    const cut = markerOf(question);
    expect(cut).not.toBeNull();
    expect(cut?.head.startsWith(`${prompt.head}\n<file_tree>\nsrc/module-0/file-0.ts`)).toBe(true);
    expect(cut?.tail.endsWith(prompt.instructions)).toBe(true);
    expect((cut?.head.length ?? 0) + (cut?.omitted ?? 0) + (cut?.tail.length ?? 0)).toBe(
      prompt.text.length,
    );
    expect(fitted.omitted.characters).toBe(cut?.omitted);
    expect(spent(fitted)).toBeLessThanOrEqual(12_000);
    // The question is shown in two roughly equal halves.
    expect(cut?.head.length).toBeGreaterThan(10_000);
    expect(cut?.tail.length).toBeGreaterThan(10_000);
  });

  it("cuts at line boundaries: the lines on either side of the marker are whole", () => {
    const prompt = structurePrompt(50_000);
    const lines = new Set(prompt.text.split("\n"));
    const cut = markerOf(
      fitWith({ tokens: 5_000, messages: [user(prompt.text)] }).messages[0].content,
    );
    expect(lines.has(cut?.head.split("\n").at(-1) ?? "")).toBe(true);
    expect(lines.has(cut?.tail.split("\n")[0] ?? "")).toBe(true);
  });

  it("fits the budget, whatever the budget", () => {
    const messages = [
      user("x\n".repeat(40_000)),
      assistant("y\n".repeat(30_000)),
      user(structurePrompt(20_000).text),
    ];
    const passages = Array.from({ length: 40 }, (_, index) => passage(index));
    const file = { path: "src/big.ts", content: "let a = 1;\n".repeat(20_000) };
    for (const tokens of [2_000, 5_000, 20_000, 60_000, 150_000]) {
      const fitted = fitWith({ tokens, messages, passages, file });
      expect(spent(fitted), `at ${tokens}`).toBeLessThanOrEqual(tokens);
      expect(fitted.passages.length).toBeLessThanOrEqual(30);
    }
  });

  it("gives fewer passages before it cuts any message", () => {
    const messages = [
      user("Where are widgets built?"),
      assistant("In src/build.ts."),
      user("And tested?"),
    ];
    const passages = Array.from({ length: 30 }, (_, index) => passage(index));
    const fitted = fitWith({ tokens: costOf(messages) + passageCost * 5.5, messages, passages });
    expect(fitted.messages).toEqual(messages);
    expect(fitted.passages).toEqual(passages.slice(0, 5));
    // When the question alone fills the window, no passage is left.
    const crowded = fitWith({
      tokens: 3_000,
      messages: [user(structurePrompt(20_000).text)],
      passages,
    });
    expect(crowded.passages).toEqual([]);
    expect(markerOf(crowded.messages[0].content)).not.toBeNull();
  });

  it("gives way passages before the file, and cuts the file (at its end) before any turn", () => {
    const passages = Array.from({ length: 10 }, (_, index) => passage(index));
    const file = { path: "src/widget.ts", content: "export const widget = 1;\n".repeat(2_000) };
    const fileCost = estimateTokens(file.content);
    const messages = [user("Explain it."), assistant("It exports widget."), user("Why?")];
    const roomy = fitWith({
      tokens: costOf(messages) + fileCost + passageCost * 4.5,
      messages,
      passages,
      file,
    });
    expect(roomy.file).toEqual({ ...file, truncated: false });
    expect(roomy.passages).toEqual(passages.slice(0, 4));
    const tight = fitWith({ tokens: costOf(messages) + fileCost / 2, messages, passages, file });
    expect(tight.messages).toEqual(messages);
    expect(tight.passages).toEqual([]);
    expect(tight.file?.truncated).toBe(true);
    expect(tight.file?.content.startsWith("export const widget = 1;\n")).toBe(true);
  });

  it("leaves out older turns before it cuts the question", () => {
    const question = user(
      `Summarise:\n${"the widget factory builds widgets\n".repeat(300)}Answer in one line.`,
    );
    const older = [
      user("a\n".repeat(20_000)),
      assistant("b\n".repeat(20_000)),
      user("First question"),
      assistant("First answer"),
    ];
    const fitted = fitWith({
      tokens: costOf([...older.slice(2), question]) + 100,
      messages: [...older, question],
    });
    // The latest turns stay whole and in order; the two long ones before them are left out.
    expect(fitted.messages).toEqual([...older.slice(2), question]);
    expect(fitted.omitted).toEqual({ turns: 2, characters: 0 });
  });

  it("cuts the middle of an over-long older turn it keeps, and drops the ones before it", () => {
    const messages = [user("Oldest"), assistant("z\n".repeat(30_000)), user("Short question?")];
    const fitted = fitWith({ tokens: 2_000, messages });
    expect(fitted.messages.map((message) => message.role)).toEqual(["assistant", "user"]);
    expect(markerOf(fitted.messages[0].content)).not.toBeNull();
    expect(fitted.messages[1].content).toBe("Short question?");
    expect(fitted.omitted.turns).toBe(1);
  });

  it("still sends the head and tail of the question when almost nothing fits", () => {
    const prompt = structurePrompt(20_000);
    for (const tokens of [0, -500]) {
      const fitted = fitWith({
        tokens,
        messages: [user("earlier"), assistant("reply"), user(prompt.text)],
      });
      expect(fitted.messages).toHaveLength(1);
      const cut = markerOf(fitted.messages[0].content);
      expect(cut?.head.startsWith(prompt.head)).toBe(true);
      expect(cut?.tail.endsWith(prompt.instructions)).toBe(true);
    }
  });

  it("cuts multi-byte text without breaking a character, within the budget", () => {
    const text = `${"これはウィジェットの説明です。🙂\n".repeat(5_000)}最後の指示：日本語で答えてください。`;
    const fitted = fitWith({ tokens: 3_000, messages: [user(text)] });
    const content = fitted.messages[0].content;
    expect(content).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
    expect(content.endsWith("最後の指示：日本語で答えてください。")).toBe(true);
    expect(estimateTokens(content) + 8).toBeLessThanOrEqual(3_000);
    const cut = markerOf(content);
    expect((cut?.head.length ?? 0) + (cut?.omitted ?? 0) + (cut?.tail.length ?? 0)).toBe(
      text.length,
    );
  });
});

describe("cutMiddle", () => {
  it("returns text that fits as it is", () => {
    expect(cutMiddle("short\ntext", 100)).toEqual({ text: "short\ntext", omitted: 0 });
  });

  it("writes the count with thousands separators", () => {
    const cut = cutMiddle("line of text\n".repeat(100_000), 1_000);
    expect(cut.text).toMatch(/\[… \d{1,3}(,\d{3})+ characters omitted/);
    expect(estimateTokens(cut.text)).toBeLessThanOrEqual(1_000);
  });

  it("gives a wiki page's files at most half the room left, shared evenly, and leaves passages room", () => {
    const messages = [user("How is the cart totalled?")];
    const small = { path: "src/cart.ts", content: "export const cart = 1;\n" };
    const big = { path: "src/big.ts", content: "let a = 1;\n".repeat(20_000) };
    const passages = Array.from({ length: 10 }, (_, index) => passage(index));
    const tokens = 8_000;
    const fitted = fitWith({ tokens, messages, passages, pageFiles: [small, big] });
    expect(fitted.pageFiles.map((file) => file.path)).toEqual(["src/cart.ts", "src/big.ts"]);
    expect(fitted.pageFiles[0]).toEqual({ ...small, truncated: false });
    expect(fitted.pageFiles[1].truncated).toBe(true);
    const share = (tokens - costOf(messages)) / 2 / 2;
    expect(estimateTokens(fitted.pageFiles[1].content)).toBeLessThanOrEqual(share);
    expect(fitted.passages.length).toBeGreaterThan(0);
    expect(spent(fitted)).toBeLessThanOrEqual(tokens);
    expect(fitWith({ tokens, messages }).pageFiles).toEqual([]);
  });
});
