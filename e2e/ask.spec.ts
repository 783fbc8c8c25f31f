import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import {
  askQuestion,
  ensureIndexed,
  fixtureCopy,
  lastAnswer,
  recordChatRequests,
} from "./fixtures";

/** Ask's own copy of the shop: the repository tests still see the shop's first index run live. */
const shopDir = () => fixtureCopy("storefront");

// Ask in the browser against the suite's one server: the question, its transport, the
// file and language sent with it, the panel beside the source viewer, and the model's
// streamed answer (E2E_MODEL_URL). Answers with a given Markdown or timing are played by
// a mocked /ws/chat in ask-answers.spec.ts.

const serverHasModel = Boolean(process.env.E2E_MODEL_URL);

const headCommit = () =>
  execFileSync("git", ["rev-parse", "HEAD"], { cwd: shopDir(), encoding: "utf8" }).trim();

test("Ask answers from the index: passages, the no-model note, and citations that open the viewer", async ({
  page,
  request,
}) => {
  const repoId = await ensureIndexed(request, shopDir());
  const commit = headCommit();
  const requests = recordChatRequests(page);
  await page.goto(`/repos/${repoId}`);
  await page.getByRole("link", { name: "Ask", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/repos/${repoId}/ask$`));
  await expect(page.getByRole("heading", { level: 1, name: "Ask" })).toBeVisible();

  await askQuestion(page, "How is a discount applied to the cart total?");
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute("data-status", "done");
  if (!serverHasModel) {
    await expect(answer.getByRole("blockquote")).toContainText("No model is configured");
    await expect(answer).toContainText("OPENAI_BASE_URL");
  }
  // It came over the socket, as one events request with the repository's source.
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({
    repo_url: shopDir(),
    stream: "events",
    language: "en",
    messages: [{ role: "user", content: "How is a discount applied to the cart total?" }],
  });
  await expect(page.getByTestId("transport-hint")).toHaveCount(0);

  // Every src/cart.ts citation is a link into the viewer at the answer's commit.
  const citation = answer.locator('a[data-citation="valid"]', { hasText: "src/cart.ts:" }).first();
  await expect(citation).toBeVisible();
  const [, start, end] =
    /src\/cart\.ts:(\d+)-(\d+)/.exec((await citation.textContent()) ?? "") ?? [];
  expect(Number(start)).toBeGreaterThan(0);
  await expect(citation).toHaveAttribute(
    "href",
    `/repos/${repoId}/source?path=src/cart.ts&ref=${commit}#L${start}-L${end}`,
  );
  await expect(answer.locator('[data-citation="invalid"]')).toHaveCount(0);

  // The passages it read, as cards that link to their lines (the rest under "Also read").
  const sources = answer.getByTestId("answer-sources");
  await expect(sources.getByTestId("source-card").first().getByRole("link")).toHaveAttribute(
    "href",
    new RegExp(`^/repos/${repoId}/source\\?path=[^&]+&ref=${commit}#L\\d+-L\\d+$`),
  );

  await citation.click();
  await expect(page).toHaveURL(
    `/repos/${repoId}/source?path=src/cart.ts&ref=${commit}#L${start}-L${end}`,
  );
  await expect(page.getByRole("heading", { level: 1, name: "src/cart.ts" })).toBeVisible();
  await expect(page.getByTestId("selected-lines")).toHaveText(
    start === end ? `Selected line ${start}` : `Selected lines ${start}–${end}`,
  );
});

test("without the socket, the answer comes over HTTP and says so discreetly", async ({
  page,
  request,
}) => {
  const repoId = await ensureIndexed(request, shopDir());
  await page.routeWebSocket(/\/ws\/chat/, (socket) => socket.close());
  const httpRequest = page.waitForRequest(
    (sent) => sent.url().endsWith("/api/chat/stream") && sent.method() === "POST",
  );
  await page.goto(`/repos/${repoId}/ask`);
  await askQuestion(page, "Where is the tax computed?");

  const body = (await httpRequest).postDataJSON();
  expect(body).toMatchObject({ repo_url: shopDir(), stream: "events" });
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute("data-status", "done");
  await expect(
    answer.locator('a[data-citation="valid"]', { hasText: "lib/tax.py:" }).first(),
  ).toBeVisible();
  await expect(answer.getByTestId("transport-hint")).toHaveText("using HTTP");
});

test("a file from the tree and the answer language go with the question", async ({
  page,
  request,
}) => {
  const repoId = await ensureIndexed(request, shopDir());
  const requests = recordChatRequests(page);
  await page.goto(`/repos/${repoId}/ask`);

  await page.getByRole("button", { name: "Add file" }).click();
  const picker = page.getByRole("dialog", { name: "Choose a file for context" });
  // Unfold the tree, then narrow by name.
  await picker.getByRole("button", { name: /^src/ }).click();
  await expect(picker.getByRole("button", { name: "cart.ts" })).toBeVisible();
  await picker.getByLabel("Filter files").fill("format");
  await picker.getByRole("button", { name: /^format\.ts/ }).click();
  await expect(picker).toHaveCount(0);
  await expect(page.getByTestId("file-context")).toContainText("src/format.ts");

  await page.getByLabel("Answer language").selectOption("fr");
  await askQuestion(page, "What does formatPrice return?");
  await expect(lastAnswer(page)).toHaveAttribute("data-status", "done");
  expect(requests.at(-1)).toMatchObject({ filePath: "src/format.ts", language: "fr" });
  await expect(page.getByTestId("question").last()).toContainText("src/format.ts");

  await page.getByRole("button", { name: "Remove context file src/format.ts" }).click();
  await expect(page.getByTestId("file-context")).toHaveCount(0);
  await askQuestion(page, "And the currency?");
  await expect(page.getByTestId("answer")).toHaveCount(2);
  await expect(lastAnswer(page)).toHaveAttribute("data-status", "done");
  expect(requests.at(-1)).not.toHaveProperty("filePath");
  // The language is remembered.
  await page.reload();
  await expect(page.getByLabel("Answer language")).toHaveValue("fr");
  await page.getByLabel("Answer language").selectOption("en");
});

test("the Ask panel beside the source viewer asks about the open file and opens citations beside it", async ({
  page,
  request,
}) => {
  const repoId = await ensureIndexed(request, shopDir());
  const commit = headCommit();
  const requests = recordChatRequests(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`/repos/${repoId}/source?path=src/cart.ts`);
  const toggle = page.getByRole("button", { name: "Ask", exact: true });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  const panel = page.getByRole("complementary", { name: "Ask" });
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId("file-context")).toContainText("src/cart.ts");

  await panel.getByRole("combobox", { name: "Conversation" }).selectOption("");
  await panel.getByRole("textbox", { name: "Question" }).fill("What does applyDiscount do?");
  await panel.getByRole("button", { name: "Ask", exact: true }).click();
  const answer = panel.getByTestId("answer").last();
  await expect(answer).toHaveAttribute("data-status", "done");
  expect(requests.at(-1)).toMatchObject({ filePath: "src/cart.ts" });

  const citation = answer.locator('a[data-citation="valid"]', { hasText: "src/cart.ts:" }).first();
  const [, start, end] = /:(\d+)-(\d+)/.exec((await citation.textContent()) ?? "") ?? [];
  await citation.click();
  await expect(page).toHaveURL(
    `/repos/${repoId}/source?path=src/cart.ts&ref=${commit}#L${start}-L${end}`,
  );
  await expect(page.getByTestId("selected-lines")).toContainText(`${start}`);
  await expect(panel).toBeVisible();

  // Open stays open across a reload; closing is remembered too.
  await page.reload();
  await expect(panel).toBeVisible();
  await panel.getByRole("button", { name: "Close the Ask panel" }).click();
  await expect(panel).toHaveCount(0);
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await page.reload();
  await expect(page.getByRole("button", { name: "Ask", exact: true })).toBeVisible();
  await expect(panel).toHaveCount(0);
});

// The global setup gives the server the model fixture (test/support/model-fixture.ts, with
// `delayMs` so an answer takes a moment to stream).
test.describe("with a model", () => {
  test("an answer streams from the model, in pieces, and cites the code", async ({
    page,
    request,
  }) => {
    const repoId = await ensureIndexed(request, shopDir());
    await page.goto(`/repos/${repoId}/ask`);
    await page.evaluate(() => {
      const lengths = new Set<number>();
      (window as unknown as { answerLengths: Set<number> }).answerLengths = lengths;
      new MutationObserver(() => {
        const answer = document.querySelector('[data-testid="answer"][data-status="streaming"]');
        if (answer) lengths.add(answer.textContent?.length ?? 0);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await askQuestion(page, "How is a discount applied?");
    const answer = lastAnswer(page);
    await expect(answer).toHaveAttribute("data-status", "done");
    await expect(answer).toContainText("This answers: How is a discount applied?");
    await expect(answer).not.toContainText("No model is configured");
    await expect(answer.locator('a[data-citation="valid"]').first()).toBeVisible();
    const seen = await page.evaluate(
      () => (window as unknown as { answerLengths: Set<number> }).answerLengths.size,
    );
    expect(seen).toBeGreaterThan(2);
  });

  test("Stop closes the socket while the model writes", async ({ page, request }) => {
    const repoId = await ensureIndexed(request, shopDir());
    const closed = new Promise<void>((resolve) =>
      page.on("websocket", (socket) => {
        if (socket.url().includes("/ws/chat")) socket.on("close", () => resolve());
      }),
    );
    await page.goto(`/repos/${repoId}/ask`);
    await askQuestion(page, "Explain the inventory reserve_stock method in detail");
    const answer = lastAnswer(page);
    await expect(answer).toContainText("This answers");
    await page.getByRole("button", { name: "Stop" }).click();
    await closed;
    await expect(answer).toHaveAttribute("data-status", "stopped");
  });
});
