import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { expect, type Page, test, type WebSocketRoute } from "@playwright/test";
import { askQuestion, ensureIndexed, fixtureCopy, lastAnswer } from "./fixtures";

/** Ask's own copy of the shop: the repository tests still see the shop's first index run live. */
const shopDir = () => fixtureCopy("storefront");

// How an answer shows in Ask, played by a mocked /ws/chat so each test sends exactly the
// Markdown, events and timing it needs: rendering, Stop, copy and download.

const headCommit = () =>
  execFileSync("git", ["rev-parse", "HEAD"], { cwd: shopDir(), encoding: "utf8" }).trim();

/**
 * A stand-in for /ws/chat that the test plays: each request the page sends is recorded
 * with its socket, and the test sends the events it wants, when it wants.
 */
async function mockChatSocket(page: Page) {
  const sockets: { request: Record<string, unknown>; socket: WebSocketRoute }[] = [];
  const closes: { code: number | undefined; reason: string | undefined }[] = [];
  await page.routeWebSocket(/\/ws\/chat/, (socket) => {
    socket.onMessage((message) => {
      sockets.push({ request: JSON.parse(String(message)), socket });
    });
    socket.onClose((code, reason) => {
      closes.push({ code, reason });
    });
  });
  return {
    sockets,
    closes,
    async request(index: number) {
      await expect.poll(() => sockets.length).toBeGreaterThan(index);
      return sockets[index];
    },
  };
}

const send = (socket: WebSocketRoute, event: Record<string, unknown>) =>
  socket.send(JSON.stringify(event));

function meta(commit: string, chatId = "mock-chat") {
  return {
    type: "meta",
    chat_id: chatId,
    repo: { owner: "local", name: "shop", commit },
    provider: "fixture",
    model: "mock-model",
  };
}
const done = (citations: Record<string, unknown>[] = []) => ({
  type: "done",
  finish_reason: "stop",
  usage: { input_tokens: 10, output_tokens: 20 },
  citations,
});

test("an answer streams as Markdown: tables, coloured code, Mermaid, checked citations, no raw HTML", async ({
  page,
  request,
}) => {
  const repoId = await ensureIndexed(request, shopDir());
  const commit = headCommit();
  const chat = await mockChatSocket(page);
  await page.goto(`/repos/${repoId}/ask`);
  await askQuestion(page, "Explain the cart");
  const { socket, request: sent } = await chat.request(0);
  expect(sent).toMatchObject({ repo_url: shopDir(), stream: "events" });

  send(socket, meta(commit));
  send(socket, {
    type: "sources",
    items: [{ path: "src/cart.ts", start_line: 1, end_line: 34, score: 0.9 }],
  });
  send(socket, {
    type: "delta",
    text: "## Cart\n\nThe subtotal is summed in src/cart.ts:9-12 and ",
  });
  send(socket, { type: "delta", text: "discounts are bounded (`src/cart.ts:18-22`).\n\n" });
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute("data-status", "streaming");
  await expect(page.getByRole("button", { name: "Stop" })).toBeVisible();
  // While streaming, a citation into a retrieved file already links.
  await expect(answer.locator('a[data-citation="valid"]')).toHaveText([
    "src/cart.ts:9-12",
    "src/cart.ts:18-22",
  ]);

  send(socket, {
    type: "delta",
    text: [
      "| Function | Role |",
      "| --- | --- |",
      "| `cartSubtotal` | sums lines |",
      "| `applyDiscount` | bounds the discount |",
      "",
      "```ts",
      "export function applyDiscount(total: number, percent: number): number {",
      "  return total;",
      "}",
      "```",
      "",
      "```mermaid",
      "flowchart LR",
      "  Cart --> cartSubtotal --> applyDiscount",
      "```",
      "",
    ].join("\n"),
  });
  // A diagram is not drawn from half an answer.
  const diagramSource = answer.locator('[data-testid="code-block"][data-language="mermaid"]');
  await expect(diagramSource).toContainText("drawn once the text is complete");

  send(socket, {
    type: "delta",
    text: [
      "```mermaid",
      "this is not a diagram ((",
      "```",
      "",
      'Raw HTML stays text: <img src="x" onerror="window.askXss=1"><b>bold?</b>',
      "",
      "The ledger lives in src/ledger.ts:1-5 and the cart ends at src/cart.ts:400-410.",
    ].join("\n"),
  });
  send(
    socket,
    done([
      { text: "src/cart.ts:9-12", path: "src/cart.ts", start_line: 9, end_line: 12, valid: true },
      { text: "src/cart.ts:18-22", path: "src/cart.ts", start_line: 18, end_line: 22, valid: true },
      {
        text: "src/ledger.ts:1-5",
        path: "src/ledger.ts",
        start_line: 1,
        end_line: 5,
        valid: false,
      },
      {
        text: "src/cart.ts:400-410",
        path: "src/cart.ts",
        start_line: 400,
        end_line: 410,
        valid: false,
      },
    ]),
  );
  socket.close({ code: 1000 });
  await expect(answer).toHaveAttribute("data-status", "done");

  await expect(answer.getByRole("heading", { name: "Cart" })).toBeVisible();
  const table = answer.getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText(["Function", "Role"]);
  await expect(table.getByRole("row")).toHaveCount(3);

  const code = answer.locator('[data-testid="code-block"][data-language="ts"]');
  await expect(code.locator('pre[data-highlighted="true"]')).toBeVisible();
  await expect(code.locator(".hljs-keyword").first()).toHaveText("export");

  const diagram = answer.getByTestId("mermaid-diagram");
  await expect(diagram.locator("svg")).toBeVisible();
  await expect(diagram).toContainText("applyDiscount");
  await expect(answer.getByRole("note").filter({ hasText: "could not be drawn" })).toBeVisible();
  await expect(diagramSource.last()).toContainText("this is not a diagram");

  await expect(answer.locator("img")).toHaveCount(0);
  await expect(answer.locator("b")).toHaveCount(0);
  await expect(answer).toContainText('<img src="x" onerror="window.askXss=1">');
  expect(await page.evaluate(() => (window as { askXss?: number }).askXss)).toBeUndefined();

  await expect(answer.locator('a[data-citation="valid"]').first()).toHaveAttribute(
    "href",
    `/repos/${repoId}/source?path=src/cart.ts&ref=${commit}#L9-L12`,
  );
  const invalid = answer.locator('[data-citation="invalid"]');
  await expect(invalid).toHaveText([
    "src/ledger.ts:1-5 (not found in this commit)",
    "src/cart.ts:400-410 (not found in this commit)",
  ]);
  await expect(invalid.first()).toHaveAttribute("title", "not found in this commit");
  await expect(invalid.first()).toHaveCSS("text-decoration-line", "line-through");
  await expect(answer.getByRole("link", { name: /src\/ledger\.ts/ })).toHaveCount(0);
});

test("Stop closes the socket mid-answer and keeps what was written", async ({ page, request }) => {
  const repoId = await ensureIndexed(request, shopDir());
  const chat = await mockChatSocket(page);
  await page.goto(`/repos/${repoId}/ask`);
  await askQuestion(page, "What does the inventory do?");
  const { socket } = await chat.request(0);
  send(socket, meta(headCommit()));
  send(socket, { type: "delta", text: "The inventory keeps stock levels" });
  const answer = lastAnswer(page);
  await expect(answer).toContainText("The inventory keeps stock levels");
  await expect(page.getByTestId("run-status")).toContainText("Answering…");

  await page.getByRole("button", { name: "Stop" }).click();
  await expect.poll(() => chat.closes).toEqual([{ code: 1000, reason: "stopped" }]);
  await expect(answer).toHaveAttribute("data-status", "stopped");
  await expect(answer.getByTestId("answer-stopped")).toContainText("Stopped");
  await expect(answer).toContainText("The inventory keeps stock levels");
  await expect(page.getByTestId("run-status")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Ask", exact: true })).toBeVisible();
});

test("Esc stops the answer, even from the question box", async ({ page, request }) => {
  const repoId = await ensureIndexed(request, shopDir());
  const chat = await mockChatSocket(page);
  await page.goto(`/repos/${repoId}/ask`);
  await askQuestion(page, "What does tax do?");
  const { socket } = await chat.request(0);
  send(socket, meta(headCommit()));
  send(socket, { type: "delta", text: "Tax is added per country" });
  const answer = lastAnswer(page);
  await expect(answer).toContainText("Tax is added per country");

  await page.getByRole("textbox", { name: "Question" }).focus();
  await page.keyboard.press("Escape");
  await expect.poll(() => chat.closes).toEqual([{ code: 1000, reason: "stopped" }]);
  await expect(answer).toHaveAttribute("data-status", "stopped");
});

test("an answer can be copied and downloaded as Markdown", async ({ page, context, request }) => {
  const repoId = await ensureIndexed(request, shopDir());
  const commit = headCommit();
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const chat = await mockChatSocket(page);
  await page.goto(`/repos/${repoId}/ask`);
  await askQuestion(page, "How is a discount applied?");
  const { socket } = await chat.request(0);
  const markdown =
    "Discounts are **bounded** to 0–100 % in src/cart.ts:18-22.\n\n- never below zero";
  send(socket, meta(commit));
  send(socket, { type: "delta", text: markdown });
  send(socket, done());
  socket.close({ code: 1000 });
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute("data-status", "done");

  await answer.getByRole("button", { name: "Copy answer" }).click();
  await expect(answer.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);

  const downloading = page.waitForEvent("download");
  await answer.getByRole("button", { name: "Download .md" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("how-is-a-discount-applied.md");
  const saved = await readFile(await download.path(), "utf8");
  expect(saved).toBe(
    `# How is a discount applied?\n\n_storefront at commit ${commit.slice(0, 12)}_\n\n${markdown}\n`,
  );
});
