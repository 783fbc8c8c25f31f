import { readFile } from "node:fs/promises";
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { ensureIndexed, fixtureCopy } from "./fixtures";

const bookshopDir = () => fixtureCopy("bookshop");

// Deep research in the browser against the suite's server and its model fixture, which
// answers research prompts with plans, findings and cited sections (e2e/global-setup.ts).
// A question that says "take your time" gets long sections: its run lasts long enough to
// be watched, cut off from Socket.IO, or cancelled while it writes.

const SLOW = "take your time";

async function startResearch(
  request: APIRequestContext,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await request.post("/api/start_research", {
    data: { repo_url: bookshopDir(), mode: "detailed", iterations: 2, ...body },
  });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { research_id: string }).research_id;
}

async function statusOf(request: APIRequestContext, runId: string): Promise<string> {
  return ((await (await request.get(`/api/research/${runId}/status`)).json()) as { status: string })
    .status;
}

/** Cancels whatever a test left running, so the next test has every slot. */
async function cancelIfRunning(request: APIRequestContext, runId: string) {
  if (["queued", "in_progress"].includes(await statusOf(request, runId))) {
    await request.post(`/api/terminate/${runId}`);
  }
  await expect.poll(() => statusOf(request, runId), { timeout: 20_000 }).not.toBe("in_progress");
}

const runStatus = (page: Page) => page.getByTestId("run-progress").getByTestId("run-status");

test.describe.configure({ timeout: 120_000 });

test("a research started from the form updates live and ends with a cited report", async ({
  page,
  request,
}) => {
  await ensureIndexed(request, bookshopDir());
  await page.goto("/research");
  await page.getByLabel("Repository", { exact: true }).selectOption({ label: "bookshop" });
  const question = `How is a discount applied to the cart total? ${SLOW}`;
  await page.getByLabel("Question").fill(question);
  await page.getByLabel("Detailed").check();
  await page.getByLabel("Iterations (at most)").fill("2");
  await page.getByRole("button", { name: "Start research" }).click();

  await expect(page).toHaveURL(/\/research\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("run-title")).toHaveText(question);
  // Live: the report is written section by section while the run is still going.
  await expect(runStatus(page)).toHaveAttribute("data-status", "in_progress");
  await expect(page.getByTestId("run-steps")).toContainText(/section \d of 2/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId("run-phase")).toHaveText("Writing the report");
  await expect(page).toHaveTitle(/^\d+% · How is a discount/);
  await expect(page.getByTestId("research-report")).toContainText("The cart adds every line");
  // While it streams, a citation of a file the research read links already; one of a file
  // it never read does not.
  const streamed = page.getByTestId("research-report");
  await expect(
    streamed.locator('a[data-citation="valid"]', { hasText: "src/cart.ts:" }).first(),
  ).toBeVisible();
  await expect(streamed.locator("a", { hasText: "src/invented.ts" })).toHaveCount(0);
  await expect(runStatus(page)).toHaveAttribute("data-status", "in_progress");

  await expect(runStatus(page)).toHaveAttribute("data-status", "completed", { timeout: 60_000 });
  await expect(page).toHaveTitle(/^Done · How is a discount/);
  const report = page.getByTestId("research-report");
  const citation = report.locator('a[data-citation="valid"]').first();
  await expect(citation).toBeVisible();
  await expect(citation).toHaveAttribute("href", /\/repos\/[^/]+\/source\?path=.+#L\d+/);
  await expect(page.getByTestId("research-sources")).toContainText("cited");
  // The cited passages are cards with their lines; the others read are collapsed.
  const card = page.getByTestId("research-sources").getByTestId("source-card").first();
  await expect(card.getByTestId("source-excerpt")).toBeVisible();
  await expect(card.getByRole("link")).toHaveAttribute("href", /\/source\?path=.+#L\d+-L\d+$/);
  await page.getByRole("button", { name: /^Milestones \(\d+\)$/ }).click();
  await expect(
    page.getByTestId("log-line").filter({ hasText: "Section 2 of 2 written" }),
  ).toHaveCount(1);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export .md" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^how-is-a-discount.*\.md$/);
  const markdown = await readFile((await download.path()) ?? "", "utf8");
  expect(markdown).toContain(`# ${question}`);
  expect(markdown.match(/^## Sources$/gm)).toHaveLength(1);

  // On this page: the report's sections, each with an anchor whose link can be shared.
  const toc = page.getByRole("navigation", { name: "On this page" });
  const sections = toc.getByRole("link");
  expect(await sections.count()).toBeGreaterThan(1);
  const anchor = (await sections.nth(1).getAttribute("href")) ?? "";
  expect(anchor).toMatch(/^#[\p{L}\p{N}_-]+$/u);
  await expect(report.locator(`[id="${anchor.slice(1)}"]`)).toHaveCount(1);

  // The outcome after a reload, opened at that section.
  await page.goto(`${page.url().split("#")[0]}${anchor}`);
  await expect(runStatus(page)).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("research-report")).toContainText("The cart adds every line");
  await expect(report.locator(`[id="${anchor.slice(1)}"]`)).toBeInViewport();
});

test("with Socket.IO blocked, polling takes over, the socket takes back, no log line shows twice", async ({
  page,
  request,
}) => {
  await ensureIndexed(request, bookshopDir());
  await page.route("**/socket.io/**", (route) => route.abort());
  const runId = await startResearch(request, { query: `Where is tax computed? ${SLOW}` });
  await page.goto(`/research/${runId}`);
  await expect(page.getByTestId("run-transport")).toHaveAttribute("data-transport", "polling");
  await expect(runStatus(page)).toHaveAttribute("data-status", "in_progress");
  await expect(page.getByTestId("log-line").first()).toBeVisible();
  // The socket is back: the page returns to it, from where polling left off.
  await page.unroute("**/socket.io/**");
  await expect(page.getByTestId("run-progress")).toHaveAttribute("data-transport", "socket", {
    timeout: 20_000,
  });
  await expect(page.getByTestId("run-transport")).toHaveCount(0);
  await expect(runStatus(page)).toHaveAttribute("data-status", "completed", { timeout: 90_000 });
  await expect(page.getByTestId("research-report")).toContainText("The cart adds every line");

  const { events } = (await (
    await request.get(`/api/research/${runId}/logs?after_seq=0&limit=1000`)
  ).json()) as { events: { seq: number; log_entry?: { type: string } }[] };
  const logged = events.filter((event) => event.log_entry);
  await expect(page.getByTestId("log-count")).toHaveText(`(${logged.length} entries)`);

  await page.getByRole("button", { name: /^Milestones \(\d+\)$/ }).click();
  const milestones = logged.filter((event) => event.log_entry?.type === "milestone");
  const lines = page.getByTestId("log-line");
  await expect(lines).toHaveCount(milestones.length);
  const seqs = await lines.evaluateAll((nodes) => nodes.map((node) => Number(node.dataset.seq)));
  expect(seqs).toEqual(milestones.map((event) => event.seq));
});

test("a watched research is cancelled from its page, notifies, and stays cancelled after a reload", async ({
  page,
  request,
}) => {
  await ensureIndexed(request, bookshopDir());
  // The browser's notifications, recorded instead of shown.
  await page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { shown: string[] }).shown = shown;
    class RecordedNotification {
      static permission = "default";
      static requestPermission = async () => {
        RecordedNotification.permission = "granted";
        return "granted";
      };
      constructor(title: string, options?: { body?: string }) {
        shown.push(`${title}: ${options?.body ?? ""}`);
      }
    }
    Object.defineProperty(window, "Notification", { value: RecordedNotification });
  });
  const runId = await startResearch(request, { query: `How is stock reserved? ${SLOW}` });
  await page.goto(`/research/${runId}`);
  await expect(page.getByTestId("run-phase")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Notify me when finished" }).click();
  await expect(page.getByRole("button", { name: "Will notify when finished" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  // Cancelling asks first, with the safe choice focused; keeping it changes nothing.
  await page.getByRole("button", { name: "Cancel run" }).click();
  const confirm = page.getByRole("group", { name: /^Cancel this run\?/ });
  await expect(confirm.getByRole("button", { name: "Keep going" })).toBeFocused();
  await confirm.getByRole("button", { name: "Keep going" }).click();
  await expect(runStatus(page)).toHaveAttribute("data-status", "in_progress");
  await page.getByRole("button", { name: "Cancel run" }).click();
  await confirm.getByRole("button", { name: "Cancel run" }).click();
  await expect(runStatus(page)).toHaveAttribute("data-status", "cancelled", { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual([
    `Research was cancelled: How is stock reserved? ${SLOW}`,
  ]);
  await expect(page.getByRole("button", { name: "Cancel run" })).toHaveCount(0);
  await page.reload();
  await expect(runStatus(page)).toHaveAttribute("data-status", "cancelled");

  await page.goto("/research?status=cancelled");
  await expect(page.locator(`[data-run-id="${runId}"]`)).toContainText("How is stock reserved?");
});

test("a finished research is continued; the thread links both and the history finds them", async ({
  page,
  request,
}) => {
  await ensureIndexed(request, bookshopDir());
  const first = await startResearch(request, {
    query: "How does the cart compute its subtotal?",
    iterations: 1,
  });
  await expect.poll(() => statusOf(request, first), { timeout: 60_000 }).toBe("completed");
  await page.goto(`/research/${first}`);
  await page.getByLabel("Follow-up question").fill("And how are refunds made?");
  await page.getByRole("button", { name: "Continue research" }).click();
  await expect(page).not.toHaveURL(new RegExp(first));
  const second = page.url().split("/").at(-1) ?? "";
  const thread = page.getByTestId("research-thread");
  await expect(
    thread.getByRole("link", { name: "How does the cart compute its subtotal?" }),
  ).toHaveAttribute("href", `/research/${first}`);
  await expect(thread).toContainText("And how are refunds made? (this run)");
  await expect(runStatus(page)).toHaveAttribute("data-status", "completed", { timeout: 60_000 });

  await page.goto("/research");
  await page.getByLabel("Search runs").fill("refunds");
  await expect(page).toHaveURL(/q=refunds/);
  const rows = page.getByTestId("run-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-run-id", second);
  await page.getByLabel("Search runs").fill("");
  await page.getByLabel("Kind").selectOption("research");
  await expect(page.locator(`[data-run-id="${first}"]`)).toBeVisible();
  await expect(page.locator(`[data-run-id="${second}"]`)).toBeVisible();
  await page.getByLabel("Kind").selectOption("index");
  await expect(page.locator(`[data-run-id="${first}"]`)).toHaveCount(0);
});

test("deleting a run still going is refused with the server's reason", async ({
  page,
  request,
}) => {
  await ensureIndexed(request, bookshopDir());
  const runId = await startResearch(request, { query: `Which files format prices? ${SLOW}` });
  try {
    await page.goto("/research?kind=research");
    const row = page.locator(`[data-run-id="${runId}"]`);
    await row.getByRole("button", { name: /^Delete / }).click();
    await row.getByRole("button", { name: "Confirm delete" }).click();
    await expect(row.getByTestId("run-delete-error")).toContainText("cancel it first");
    await expect(row).toBeVisible();
  } finally {
    await cancelIfRunning(request, runId);
  }
  // Once it has ended it can go.
  const row = page.locator(`[data-run-id="${runId}"]`);
  await row.getByRole("button", { name: /^Delete / }).click();
  await row.getByRole("button", { name: "Confirm delete" }).click();
  await expect(row).toHaveCount(0);
});

test("Ask's deep research starts a research run, streams its report and links to its page", async ({
  page,
  request,
}) => {
  const repoId = await ensureIndexed(request, bookshopDir());
  await page.goto(`/repos/${repoId}/ask`);
  await page.getByRole("switch", { name: "Deep research" }).check();
  await page.getByRole("textbox", { name: "Question" }).fill(`How is a cart priced? ${SLOW}`);
  await page.getByRole("button", { name: "Ask", exact: true }).click();

  const answer = page.getByTestId("answer").last();
  await expect(answer.getByTestId("research-link")).toBeVisible();
  await expect(page.getByTestId("research-progress")).toContainText("Deep research ·");
  await expect(answer).toContainText("The cart adds every line", { timeout: 60_000 });
  await expect(answer).toHaveAttribute("data-status", "streaming");
  await expect(answer).toHaveAttribute("data-status", "done", { timeout: 60_000 });
  await expect(answer.locator('a[data-citation="valid"]').first()).toBeVisible();

  // A second deep research in the same conversation continues the first.
  await page.getByRole("textbox", { name: "Question" }).fill("And how is tax added?");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  const followUp = page.getByTestId("answer").nth(1);
  await expect(followUp).toHaveAttribute("data-status", "done", { timeout: 60_000 });

  await followUp.getByTestId("research-link").click();
  await expect(page).toHaveURL(/\/research\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("run-title")).toHaveText("And how is tax added?");
  await expect(runStatus(page)).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("research-thread")).toContainText(`How is a cart priced? ${SLOW}`);
});

test("a fourth run waits in line, says so on its page, and starts when a slot frees", async ({
  page,
  request,
}) => {
  const ids: string[] = [];
  try {
    for (let index = 0; index < 4; index++) {
      const response = await request.post("/api/runs", {
        data: { kind: "test.steps", input: { steps: 200, delay_ms: 200, label: `slot ${index}` } },
      });
      ids.push(((await response.json()) as { research_id: string }).research_id);
    }
    await page.goto(`/research/${ids[3]}`);
    await expect(runStatus(page)).toHaveAttribute("data-status", "queued");
    await expect(runStatus(page)).toHaveText("Queued · 1st in line");
    await expect(page.getByTestId("run-queue")).toContainText("1st in line");
    await expect(page).toHaveTitle(/^Queued · /);

    await request.post(`/api/terminate/${ids[0]}`);
    await expect(runStatus(page)).toHaveAttribute("data-status", "in_progress", {
      timeout: 20_000,
    });
    await expect(page.getByTestId("run-queue")).toHaveCount(0);
  } finally {
    for (const id of ids) await cancelIfRunning(request, id);
  }
});
