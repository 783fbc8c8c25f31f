import { expect, type Page, test } from "@playwright/test";
import { ensureIndexed, fixtureCopy, waitForWiki } from "./fixtures";

// The pages run under a strict Content-Security-Policy (scripts from this origin with the
// response's nonce, no eval, no framing). Whatever the app draws (Markdown, highlighted
// code, Mermaid diagrams, live sockets) must work within it: any violation is a bug.

async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction("reportCspViolation", (line: string) => violations.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { reportCspViolation: (line: string) => void })
        .reportCspViolation;
      report(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} on ${location.pathname} from ${event.sourceFile}:${event.lineNumber}`,
      );
    });
  });
  return violations;
}

test("the app's pages, a wiki with a diagram and a live answer run without a CSP violation", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const violations = await recordViolations(page);
  const repoDir = fixtureCopy("csp-shop");
  const repoId = await ensureIndexed(request, repoDir);
  const started = await request.post("/api/wikis", {
    data: { repo_url: repoDir, language: "en", wiki_type: "concise" },
  });
  expect(started.status(), await started.text()).toBeLessThan(300);
  const { wiki_id: wikiId } = (await started.json()) as { wiki_id: string };
  await waitForWiki(request, wikiId);

  for (const path of ["/", "/repos", `/repos/${repoId}`, "/research", "/settings", "/wikis"]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
  }
  await page.goto(`/repos/${repoId}/wiki`);
  await expect(page.getByTestId("mermaid-diagram").first()).toBeVisible({ timeout: 30_000 });
  await page.goto(`/repos/${repoId}/source`);
  await expect(page.locator("main")).toBeVisible();
  await page.goto(`/repos/${repoId}/ask`);
  await page.getByRole("textbox", { name: "Question" }).fill("How are orders totalled?");
  await page.getByRole("button", { name: "Ask", exact: true }).click();
  await expect(page.getByTestId("answer").last()).toContainText(/\w+/, { timeout: 30_000 });
  expect(violations).toEqual([]);
});

test("the page cannot be framed by another site", async ({ page }) => {
  const response = await page.goto("/");
  const policy = response?.headers()["content-security-policy"] ?? "";
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response?.headers()["x-frame-options"]).toBe("DENY");
});
