import { type APIRequestContext, expect, type Page, test } from "@playwright/test";

interface StepsInput {
  steps: number;
  delay_ms: number;
  label: string;
}

async function startRun(request: APIRequestContext, input: StepsInput) {
  const response = await request.post("/api/runs", { data: { kind: "test.steps", input } });
  expect(response.ok(), await response.text()).toBe(true);
  return (await response.json()) as {
    status: string;
    research_id: string;
    queue_position?: number;
  };
}

/** Runs of earlier tests hold the per-user slots; wait until none is left running. */
async function waitUntilIdle(request: APIRequestContext) {
  await expect
    .poll(
      async () => {
        const body = await (await request.get("/api/history?limit=200")).json();
        return (body.items as { status: string }[]).filter(
          (item) => item.status === "queued" || item.status === "in_progress",
        ).length;
      },
      { timeout: 30_000 },
    )
    .toBe(0);
}

const unique = (label: string) => `${label} ${Date.now().toString(36)}`;
const recentRun = (page: Page, text: string) =>
  page.getByRole("list", { name: "Recent runs" }).getByRole("listitem").filter({ hasText: text });

test("a run started elsewhere appears on the home page and finishes live", async ({
  page,
  request,
}) => {
  const label = unique("e2e live");
  await startRun(request, { steps: 15, delay_ms: 200, label });

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Understand any code repository" })).toBeVisible();
  const row = recentRun(page, label);
  const badge = row.getByTestId("run-status");
  await expect(badge).toHaveText(/^In progress · \d+%$/);
  await expect(row.getByRole("progressbar")).toBeVisible();
  await expect(row).toContainText("Test steps");
  await expect(row).toContainText("just now");

  // Marks this document: a reload would lose the mark.
  await page.evaluate(() => {
    document.documentElement.dataset.sameDocument = "yes";
  });
  await expect(badge).toHaveText(/^In progress · ([1-9]\d*)%$/);
  await expect(row).toContainText(/Step \d+ of 15/);
  await expect(badge).toHaveText("Completed");
  await expect(row.getByRole("progressbar")).toHaveCount(0);
  await expect(row).toContainText(/took \d/);
  await expect(page.locator("html")).toHaveAttribute("data-same-document", "yes");
});

test("queued runs show their place in line, and cancellations show live", async ({
  page,
  request,
}) => {
  await waitUntilIdle(request);
  const label = unique("e2e queue");
  const running: string[] = [];
  let queued: { research_id: string; queue_position?: number } | undefined;
  for (let index = 1; index <= 10 && !queued; index++) {
    const started = await startRun(request, {
      steps: 200,
      delay_ms: 200,
      label: `${label} #${index}`,
    });
    if (started.status === "queued") queued = started;
    else running.push(started.research_id);
  }
  expect(queued?.queue_position).toBe(1);
  const queuedLabel = `${label} #${running.length + 1}:`;

  try {
    await page.goto("/");
    const waiting = recentRun(page, queuedLabel).getByTestId("run-status");
    await expect(waiting).toHaveText("Queued · 1st in line");

    await request.post(`/api/terminate/${running[0]}`);
    await expect(recentRun(page, `${label} #1:`).getByTestId("run-status")).toHaveText("Cancelled");
    await expect(waiting).toHaveText(/^In progress/);
  } finally {
    for (const id of [...running, queued?.research_id ?? ""]) {
      if (id) await request.post(`/api/terminate/${id}`);
    }
  }
  await expect(recentRun(page, queuedLabel).getByTestId("run-status")).toHaveText("Cancelled");
});

test("the theme toggle switches to dark, and the choice survives a reload", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  const html = page.locator("html");
  const toggle = page.getByRole("button", { name: "Dark theme" });
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  await expect(html).not.toHaveClass(/\bdark\b/);
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  const light = await background();

  await toggle.click();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  const dark = await background();
  expect(dark).not.toBe(light);

  await page.reload();
  await expect(html).toHaveClass(/\bdark\b/);
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  expect(await background()).toBe(dark);

  await toggle.click();
  await page.reload();
  await expect(html).not.toHaveClass(/\bdark\b/);
  expect(await background()).toBe(light);
});

test("the theme is applied before any app script runs: no light flash", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "dark" });
  const page = await context.newPage();
  // Without the app's bundles nothing hydrates: only the inline script can set the theme.
  await page.route("**/_next/static/**/*.js", (route) => route.abort());
  await page.goto("/");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  await page.evaluate(() => localStorage.setItem("cartograph-theme", "light"));
  await page.reload();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await context.close();
});

test("the History page lists runs with their status", async ({ page, request }) => {
  const label = unique("e2e history");
  await startRun(request, { steps: 2, delay_ms: 50, label });

  await page.goto("/");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Research" })
    .click();
  await expect(page).toHaveURL(/\/research$/);
  await expect(page.getByRole("heading", { level: 2, name: "History" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Research", exact: true })).toHaveAttribute(
    "aria-current",
    "page",
  );

  const row = page
    .getByRole("list", { name: "Run history" })
    .getByRole("listitem")
    .filter({ hasText: label });
  await expect(row.getByTestId("run-status")).toHaveText("Completed");
  await expect(page.getByRole("navigation", { name: "Pagination" })).toContainText(/^1–\d+ of \d+/);
});

test("the History page pages through runs, newest first", async ({ page, request }) => {
  const label = unique("e2e page");
  const totalNow = async () =>
    (await (await request.get("/api/history?limit=1")).json()).total as number;
  for (let index = await totalNow(); index < 21; index++) {
    await startRun(request, { steps: 1, delay_ms: 0, label: `${label} filler ${index}` });
  }
  const latest = `${label} latest`;
  await startRun(request, { steps: 1, delay_ms: 0, label: latest });
  const count = await totalNow();
  expect(count).toBeGreaterThan(21);
  const oldest = (await (await request.get(`/api/history?limit=1&offset=${count - 1}`)).json())
    .items[0].query as string;

  await page.goto("/research");
  const rows = page.getByRole("list", { name: "Run history" }).getByRole("listitem");
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText(latest);
  await expect(rows.filter({ hasText: oldest })).toHaveCount(0);
  const pagination = page.getByRole("navigation", { name: "Pagination" });
  await expect(pagination).toContainText(`1–20 of ${count}`);

  await pagination.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/\/research\?page=2$/);
  await expect(pagination).toContainText(`21–${Math.min(40, count)} of ${count}`);
  await expect(rows).toHaveCount(Math.min(20, count - 20));
  await expect(rows.filter({ hasText: latest })).toHaveCount(0);
  if (count <= 40) await expect(rows.last()).toContainText(oldest);

  await pagination.getByRole("link", { name: "Previous" }).click();
  await expect(page).toHaveURL(/\/research$/);
  await expect(rows.first()).toContainText(latest);
});

test("the home page says so when there are no runs, and when they cannot load", async ({
  page,
}) => {
  await page.route("**/api/history?*", (route) => route.fulfill({ json: { items: [], total: 0 } }));
  await page.goto("/");
  await expect(page.getByTestId("runs-empty")).toContainText("No runs yet");
  await expect(page.getByRole("list", { name: "Recent runs" })).toHaveCount(0);

  await page.unroute("**/api/history?*");
  await page.route("**/api/history?*", (route) =>
    route.fulfill({ status: 500, json: { status: "error", message: "Database unavailable" } }),
  );
  await page.reload();
  const alert = page.getByRole("alert").filter({ hasText: "Could not load runs" });
  await expect(alert).toContainText("Could not load runs: Database unavailable");

  await page.unroute("**/api/history?*");
  await alert.getByRole("button", { name: "Try again" }).click();
  await expect(
    page.getByRole("list", { name: "Recent runs" }).getByRole("listitem"),
  ).not.toHaveCount(0);
  await expect(alert).toHaveCount(0);
});
