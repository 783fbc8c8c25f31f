import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import {
  askQuestion,
  ensureIndexed,
  fixtureCopy,
  lastAnswer,
  recordChatRequests,
  storeCachedWiki,
} from "./fixtures";

// Ask docked on a wiki page (the page's title and files go with the question; Expand opens
// the same conversation on the Ask page), and the sources of an answer as cards, with the
// cited lines shown on hover. The model is the suite's fixture (e2e/global-setup.ts): beside
// a wiki page it says which page and files its prompt held.

const PAGE_FILES = ["src/cart.ts", "src/format.ts"];

/** A wiki of one page about the cart, stored through DeepWiki's cache endpoint. */
function storeWiki(request: APIRequestContext, dir: string) {
  const cart = {
    id: "cart",
    title: "Cart and discounts",
    content: "# Cart and discounts\n\nThe cart sums its lines, then applies a discount.\n",
    filePaths: PAGE_FILES,
    importance: "high",
    relatedPages: [],
  };
  return storeCachedWiki(request, dir, {
    title: "Docked shop",
    description: "One page",
    pages: [cart],
  });
}

const askPanel = (page: Page) => page.getByRole("complementary", { name: "Ask" });

test("Ask docked on a wiki page asks with the page as context, streams, and expands to the Ask page", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const dir = fixtureCopy("docked");
  const repoId = await ensureIndexed(request, dir);
  const wikiId = await storeWiki(request, dir);
  const requests = recordChatRequests(page);
  await page.setViewportSize({ width: 1600, height: 1000 });
  await page.goto(`/repos/${repoId}/wiki?wiki=${wikiId}&page=cart`);
  await expect(page.getByTestId("wiki-page")).toContainText("The cart sums its lines");

  await page.locator('button[aria-controls="ask-panel"]').click();
  const panel = askPanel(page);
  await expect(panel).toBeVisible();
  await panel.getByRole("combobox", { name: "Conversation" }).selectOption("");
  await expect(panel.getByTestId("page-context")).toContainText("Cart and discounts");

  await panel.getByRole("textbox", { name: "Question" }).fill("How is the total computed?");
  await panel.getByRole("button", { name: "Ask", exact: true }).click();
  const answer = panel.getByTestId("answer").last();
  // It streams (the fixture sends a word every 150 ms), then ends.
  await expect(answer).toHaveAttribute("data-status", "streaming");
  await expect(answer).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  // The request named the page and its files, and the model's prompt held them.
  expect(requests.at(-1)).toMatchObject({
    page_title: "Cart and discounts",
    filePaths: PAGE_FILES,
    messages: [{ role: "user", content: "How is the total computed?" }],
  });
  expect(requests.at(-1)).not.toHaveProperty("messages.1");
  await expect(answer).toContainText(
    `On the page "Cart and discounts" (files: ${PAGE_FILES.join(", ")})`,
  );
  // It cites the page's file, checked by the server and linked into the viewer.
  await expect(
    answer.locator('a[data-citation="valid"]', { hasText: "src/cart.ts:1-3" }),
  ).toHaveAttribute(
    "href",
    new RegExp(`/repos/${repoId}/source\\?path=src/cart.ts&ref=[0-9a-f]{40}#L1-L3$`),
  );
  await expect(panel.getByTestId("question-page").last()).toHaveText(
    "Reading “Cart and discounts”",
  );

  // Esc stops an answer in the panel too.
  await panel.getByRole("textbox", { name: "Question" }).fill("And the currency?");
  await panel.getByRole("button", { name: "Ask", exact: true }).click();
  const second = panel.getByTestId("answer").last();
  await expect(second).toContainText("On the page");
  await page.keyboard.press("Escape");
  await expect(second).toHaveAttribute("data-status", "stopped");

  // Expand: the same conversation, by its own address, on the full Ask page.
  await panel.getByRole("link", { name: "Expand" }).click();
  await expect(page).toHaveURL(new RegExp(`/repos/${repoId}/ask/[^/?#]+$`));
  const chatId = decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
  const stored = await (await request.get(`/api/chats/${encodeURIComponent(chatId)}`)).json();
  expect(stored.messages[0]).toMatchObject({ role: "user", content: "How is the total computed?" });
  await expect(page.getByTestId("question").first()).toContainText("How is the total computed?");
  await expect(page.getByTestId("answer").first()).toContainText(
    'On the page "Cart and discounts"',
  );

  // On a narrow screen the panel is a sheet over the page, closed with its button.
  await page.goto(`/repos/${repoId}/wiki?wiki=${wikiId}&page=cart`);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(panel).toBeVisible();
  const box = await panel.boundingBox();
  expect(box?.width).toBeGreaterThan(380);
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeCloseTo(844, -1);
  await panel.getByRole("button", { name: "Close the Ask panel" }).click();
  await expect(panel).toHaveCount(0);
});

test("an answer's sources are cards with their lines; a citation shows its lines on hover; Also read is collapsed", async ({
  page,
  request,
}) => {
  const dir = fixtureCopy("docked");
  const repoId = await ensureIndexed(request, dir);
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`/repos/${repoId}/ask`);
  await askQuestion(page, "How is a discount applied to the cart total?");
  const answer = lastAnswer(page);
  await expect(answer).toHaveAttribute("data-status", "done", { timeout: 30_000 });

  // The fixture cites the first passage it was given: that passage is the first card.
  const citation = answer.locator('a[data-citation="valid"]').first();
  const [, cited, start, end] =
    /([\w./-]+):(\d+)-(\d+)/.exec((await citation.textContent()) ?? "") ?? [];
  const lines = readFileSync(path.join(dir, cited), "utf8").split("\n");
  const firstLine = lines.slice(Number(start) - 1, Number(end)).find((line) => line.trim() !== "");

  const sources = answer.getByTestId("answer-sources");
  const card = sources.getByTestId("source-card").first();
  const cardLink = card.getByRole("link", { name: new RegExp(`^${cited}:\\d+-\\d+$`) });
  await expect(cardLink).toBeVisible();
  const excerpt = card.getByTestId("source-excerpt");
  await expect(excerpt).toBeVisible();
  // Highlighted by the project's highlighter (highlight.js scopes).
  await expect(excerpt.locator('[class^="hljs-"]').first()).toBeAttached();

  // The other passages read are listed under "Also read", collapsed.
  const alsoRead = sources.getByTestId("also-read");
  await expect(alsoRead).not.toHaveAttribute("open");
  await expect(alsoRead.getByRole("link").first()).toBeHidden();
  await alsoRead.getByText(/^Also read \(\d+\)$/).click();
  await expect(alsoRead.getByRole("link").first()).toBeVisible();

  // Hovering the citation shows the lines it cites.
  await citation.hover();
  const preview = page.getByTestId("citation-preview");
  await expect(preview).toBeVisible();
  await expect(preview).toContainText(`${cited}`);
  if (firstLine) await expect(preview).toContainText(firstLine.trim());
  await expect(citation).toHaveAttribute("aria-describedby", /.+/);
  await page.mouse.move(0, 0);
  await expect(preview).toHaveCount(0);
  // And focusing it, for the keyboard; Escape closes it.
  await citation.focus();
  await expect(preview).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(preview).toHaveCount(0);

  // A card opens the source viewer at its lines.
  const href = await cardLink.getAttribute("href");
  expect(href).toMatch(new RegExp(`/source\\?path=${cited}&ref=[0-9a-f]{40}#L\\d+-L\\d+$`));
  const [, cardStart, cardEnd] = /#L(\d+)-L(\d+)$/.exec(href ?? "") ?? [];
  await cardLink.click();
  await expect(page).toHaveURL(new RegExp(`#L${cardStart}-L${cardEnd}$`));
  await expect(page.getByTestId("selected-lines")).toHaveText(
    cardStart === cardEnd ? `Selected line ${cardStart}` : `Selected lines ${cardStart}–${cardEnd}`,
  );
});
