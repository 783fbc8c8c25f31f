import { execFileSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ensureIndexed, fixtureCopy, type StoredWiki, waitForWiki } from "./fixtures";

// A wiki's life after its first generation: stopped half-way and resumed, then brought to
// a newer commit. Each test has its own copy of the shop fixture, so its wikis are its own.

const tree = (page: Page) => page.getByRole("navigation", { name: "Wiki pages" });
const pageStates = (page: Page, state: string) =>
  tree(page).locator(`[data-testid="page-state"][data-state="${state}"]`);

test.describe.configure({ mode: "serial" });

test("a generation is stopped from the wiki page, keeps its pages, and resumes", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const repoId = await ensureIndexed(request, fixtureCopy("stopping"));
  await page.goto(`/repos/${repoId}/wiki`);
  await page.getByTestId("wiki-empty").getByRole("button", { name: "Generate wiki" }).click();

  // Stop once a page is written while others are still being written.
  const progress = page.getByTestId("wiki-progress");
  await expect(pageStates(page, "done").first()).toBeAttached({ timeout: 90_000 });
  await expect(progress.getByRole("link", { name: "Run details" })).toHaveAttribute(
    "href",
    /^\/research\//,
  );
  // Stopping asks first, in place.
  await progress.getByRole("button", { name: "Stop" }).click();
  await progress
    .getByRole("group", { name: /^Stop writing the wiki\?/ })
    .getByRole("button", { name: "Stop" })
    .click();
  await expect(progress).toBeHidden({ timeout: 20_000 });

  const notice = page.getByTestId("wiki-unwritten");
  await expect(notice).toContainText(
    /Generation was stopped with (one page|\d+ pages) not written/,
  );
  // Stopped is not a failure: a neutral notice with Resume, and no red alert.
  await expect(page.getByTestId("wiki-status")).toHaveText("Stopped");
  await expect(page.locator("main").getByRole("alert")).toHaveCount(0);
  const written = await pageStates(page, "done").count();
  expect(written).toBeGreaterThan(0);
  await expect(pageStates(page, "generating")).toHaveCount(0);
  expect(await pageStates(page, "pending").count()).toBeGreaterThan(0);
  // An unwritten page says so instead of a loading skeleton.
  await pageStates(page, "pending").first().click();
  await expect(page.getByTestId("wiki-page-unwritten")).toContainText(
    "Not written: the generation was stopped before this page.",
  );
  await expect(page.getByTestId("wiki-page").locator('[aria-busy="true"]')).toHaveCount(0);

  // The list of wikis says Stopped too (neutral, not Failed), with Resume beside it.
  await page.goto("/wikis");
  const row = page.getByTestId("wiki-row").filter({ hasText: "stopping" });
  await expect(row.getByTestId("wiki-row-status")).toHaveText("Stopped");
  await expect(row.getByTestId("wiki-row-status")).not.toHaveClass(/red/);

  // Resume writes the rest: it opens the wiki, the run shows again, then every page is written.
  await row.getByRole("button", { name: "Resume" }).click();
  await expect(page).toHaveURL(new RegExp(`/repos/${repoId}/wiki\\?wiki=`));
  await expect(progress).toBeVisible();
  await expect(page.getByTestId("wiki-status")).toHaveText("Ready", { timeout: 150_000 });
  await expect(notice).toBeHidden();
  await expect(pageStates(page, "pending")).toHaveCount(0);
  expect(await pageStates(page, "done").count()).toBeGreaterThan(written);
});

test("a newer commit marks the changed pages, and Update rewrites only those", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const dir = fixtureCopy("updating");
  const repoId = await ensureIndexed(request, dir);
  const started = await request.post("/api/wikis", {
    data: { repo_url: dir, language: "en", wiki_type: "comprehensive" },
  });
  const { wiki_id: wikiId } = (await started.json()) as { wiki_id: string };
  const wiki = await waitForWiki(request, wikiId);

  // One file that a page (not every page) is written from changes in a new commit.
  const changed = wiki.pages.find((entry) => entry.id === "architecture")?.file_paths[0];
  if (!changed) throw new Error("the architecture page lists no file");
  appendFileSync(path.join(dir, changed), "\n// A change the wiki does not know yet\n");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" });
  git("-c", "user.email=e2e@example.com", "-c", "user.name=e2e", "commit", "-qam", "Change");
  const newCommit = git("rev-parse", "HEAD").trim();

  await page.goto(`/repos/${repoId}/wiki?wiki=${wikiId}`);
  await expect(page.getByTestId("wiki-status")).toHaveText("Ready");
  await page.getByRole("button", { name: "Check for updates" }).click();
  const stale = page.getByTestId("wiki-stale");
  await expect(stale).toContainText(newCommit.slice(0, 12), { timeout: 60_000 });
  await expect(stale).toContainText(/cite files? that changed|cites files that changed/);
  await expect(pageStates(page, "stale").first()).toBeAttached();
  const staleCount = await pageStates(page, "stale").count();
  expect(staleCount).toBeLessThan(wiki.pages.length);

  // Update: the wiki of the new commit, the unchanged pages kept, the stale ones rewritten.
  await stale.getByRole("button", { name: "Update the wiki" }).click();
  await expect(page).not.toHaveURL(new RegExp(`wiki=${wikiId}`), { timeout: 30_000 });
  await expect(page.getByTestId("wiki-commit")).toHaveText(newCommit.slice(0, 12));
  await expect(page.getByTestId("wiki-status")).toHaveText("Ready", { timeout: 150_000 });
  await expect(stale).toBeHidden();
  await expect(pageStates(page, "stale")).toHaveCount(0);

  const newId = new URL(page.url()).searchParams.get("wiki");
  const updated = (await (await request.get(`/api/wikis/${newId}`)).json()) as StoredWiki;
  expect(updated.commit).toBe(newCommit);
  expect(updated.pages.map((entry) => entry.id).sort()).toEqual(
    wiki.pages.map((entry) => entry.id).sort(),
  );
});
