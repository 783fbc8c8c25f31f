import { type APIRequestContext, expect, test } from "@playwright/test";
import {
  askQuestion,
  ensureIndexed,
  fixtureCopy,
  lastAnswer,
  recordChatRequests,
} from "./fixtures";

/** This spec's own copy of the shop, so only its conversations are stored for it. */
const historyDir = () => fixtureCopy("conversations");

// Conversations in the browser and on the server: the list keeps them across reloads, and
// a conversation asked in one browser is listed, read and continued in another.

test.describe.configure({ mode: "serial" });

/** Deletes every conversation the server stores for the repository. */
async function clearStoredChats(request: APIRequestContext, repoId: string) {
  const list = await request.get(`/api/chats?repo_id=${encodeURIComponent(repoId)}`);
  const { items } = (await list.json()) as { items: { chat_id: string }[] };
  for (const item of items) await request.delete(`/api/chats/${item.chat_id}`);
}

test("conversations are kept: new, switch, continue, delete, across reloads", async ({
  page,
  request,
}) => {
  const repoId = await ensureIndexed(request, historyDir());
  await clearStoredChats(request, repoId);
  const requests = recordChatRequests(page);
  await page.goto(`/repos/${repoId}/ask`);
  const list = page.getByRole("navigation", { name: "Conversations" });
  const rows = list.getByTestId("conversation-row");

  await askQuestion(page, "How are prices formatted?");
  await expect(lastAnswer(page)).toHaveAttribute("data-status", "done");
  await list.getByRole("button", { name: "New conversation" }).click();
  await expect(page.getByTestId("answer")).toHaveCount(0);
  await askQuestion(page, "How is stock reserved?");
  await expect(lastAnswer(page)).toHaveAttribute("data-status", "done");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("How is stock reserved?");

  await page.reload();
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("question")).toHaveText(["How is stock reserved?"]);
  await expect(rows.first().getByRole("button").first()).toHaveAttribute("aria-current", "true");

  // Switching back and continuing sends the server's chat_id and only the new question:
  // the server holds the history.
  await rows.filter({ hasText: "How are prices formatted?" }).getByRole("button").first().click();
  await expect(page.getByTestId("question")).toHaveText(["How are prices formatted?"]);
  await askQuestion(page, "And which currency is used?");
  await expect(page.getByTestId("answer")).toHaveCount(2);
  await expect(lastAnswer(page)).toHaveAttribute("data-status", "done");
  const followUp = requests.at(-1) as { chat_id?: string; messages: unknown[] };
  expect(typeof followUp.chat_id).toBe("string");
  expect(followUp.messages).toEqual([{ role: "user", content: "And which currency is used?" }]);
  await expect(rows.first()).toContainText("How are prices formatted?");

  await rows
    .filter({ hasText: "How is stock reserved?" })
    .getByRole("button", { name: "Delete conversation How is stock reserved?" })
    .click();
  await expect(rows).toHaveCount(1);
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("How are prices formatted?");
  await expect(page.getByTestId("question")).toHaveText([
    "How are prices formatted?",
    "And which currency is used?",
  ]);
});

test("a conversation asked in one browser is listed, read and continued in another", async ({
  page,
  browser,
  request,
}) => {
  const repoId = await ensureIndexed(request, historyDir());
  await clearStoredChats(request, repoId);
  await page.goto(`/repos/${repoId}/ask`);
  await askQuestion(page, "How is a discount applied to the cart total?");
  await expect(lastAnswer(page)).toHaveAttribute("data-status", "done");
  const citations = await lastAnswer(page).locator('a[data-citation="valid"]').count();

  // Another browser: nothing in its storage, the conversation comes from the server.
  const other = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  try {
    const second = await other.newPage();
    await second.goto(`/repos/${repoId}/ask`);
    const rows = second
      .getByRole("navigation", { name: "Conversations" })
      .getByTestId("conversation-row");
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText("How is a discount applied to the cart total?");
    await rows.first().getByRole("button").first().click();
    await expect(second.getByTestId("question")).toHaveText([
      "How is a discount applied to the cart total?",
    ]);
    const answer = lastAnswer(second);
    await expect(answer).toHaveAttribute("data-status", "done");
    await expect(answer.locator('a[data-citation="valid"]')).toHaveCount(citations);

    // Continued there: the follow-up carries the server's chat_id.
    const requests = recordChatRequests(second);
    await askQuestion(second, "And where is the total rounded?");
    await expect(second.getByTestId("answer")).toHaveCount(2);
    await expect(lastAnswer(second)).toHaveAttribute("data-status", "done");
    expect(typeof (requests.at(-1) as { chat_id?: string }).chat_id).toBe("string");

    // Deleted there: gone from the server too.
    await rows
      .first()
      .getByRole("button", { name: /^Delete conversation/ })
      .click();
    await expect(rows).toHaveCount(0);
    await expect
      .poll(async () => {
        const list = await request.get(`/api/chats?repo_id=${encodeURIComponent(repoId)}`);
        return ((await list.json()) as { items: unknown[] }).items.length;
      })
      .toBe(0);
  } finally {
    await other.close();
  }
});

test("each conversation has its own address, which opens it in a fresh browser", async ({
  page,
  browser,
  request,
  context,
}) => {
  const repoId = await ensureIndexed(request, historyDir());
  await clearStoredChats(request, repoId);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto(`/repos/${repoId}/ask`);
  await askQuestion(page, "Where is tax computed?");
  await expect(lastAnswer(page)).toHaveAttribute("data-status", "done");
  await expect(page).toHaveURL(new RegExp(`/repos/${repoId}/ask/[0-9a-f-]{36}$`));
  const address = page.url();
  await page.getByRole("button", { name: "Copy link" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);

  // A new conversation is the bare address again; the old one's address still opens it.
  const list = page.getByRole("navigation", { name: "Conversations" });
  await list.getByRole("button", { name: "New conversation" }).click();
  await expect(page).toHaveURL(new RegExp(`/repos/${repoId}/ask$`));
  await list.getByTestId("conversation-row").first().getByRole("button").first().click();
  await expect(page).toHaveURL(address);

  const other = await browser.newContext();
  try {
    const second = await other.newPage();
    await second.goto(address);
    await expect(second.getByTestId("question")).toHaveText(["Where is tax computed?"]);
    await expect(lastAnswer(second)).toHaveAttribute("data-status", "done");
    await expect(second).toHaveURL(address);
  } finally {
    await other.close();
  }
});
