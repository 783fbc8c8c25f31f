import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, type Page } from "@playwright/test";

/**
 * A clone of the suite's shop fixture beside it under the server's allowed root, under a
 * name of the spec's own, so no other spec's repository rows (index runs, wikis) change.
 */
export function fixtureCopy(name: string): string {
  const fixture = process.env.E2E_FIXTURE_REPO;
  if (!fixture) throw new Error("E2E_FIXTURE_REPO is not set: run through playwright.config.ts");
  const dir = path.join(path.dirname(fixture), name);
  if (!existsSync(dir)) execFileSync("git", ["clone", "--quiet", fixture, dir]);
  return dir;
}

/** Adds a repository over the API (a no-op once indexed) and waits until it can be read. */
export async function ensureIndexed(request: APIRequestContext, repoUrl: string): Promise<string> {
  const response = await request.post("/api/repos", { data: { repo_url: repoUrl } });
  expect(response.status(), await response.text()).toBeLessThan(300);
  const { repo_id: repoId } = (await response.json()) as { repo_id: string };
  await expect
    .poll(
      async () => {
        const detail = await (await request.get(`/api/repos/${repoId}`)).json();
        return (detail.snapshots as { status: string }[]).some((s) => s.status === "ready");
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  return repoId;
}

/** Asks on the Ask page or panel on screen. */
export async function askQuestion(page: Page, question: string) {
  await page.getByRole("textbox", { name: "Question" }).fill(question);
  await page.getByRole("button", { name: "Ask", exact: true }).click();
}

export const lastAnswer = (page: Page) => page.getByTestId("answer").last();

/** The frames the page sends to the real /ws/chat, parsed. */
export function recordChatRequests(page: Page): Record<string, unknown>[] {
  const requests: Record<string, unknown>[] = [];
  page.on("websocket", (socket) => {
    if (!socket.url().includes("/ws/chat")) return;
    socket.on("framesent", (frame) => requests.push(JSON.parse(String(frame.payload))));
  });
  return requests;
}

/** A wiki as `GET /api/wikis/{id}` returns it, in the fields the browser tests read. */
export interface StoredWiki {
  wiki_id: string;
  commit: string;
  status: string;
  pages: { id: string; title: string; status: string; content: string; file_paths: string[] }[];
}

/** Waits until the wiki is ready and returns it. */
export async function waitForWiki(
  request: APIRequestContext,
  wikiId: string,
  timeout = 150_000,
): Promise<StoredWiki> {
  let wiki: StoredWiki | undefined;
  await expect
    .poll(
      async () => {
        wiki = (await (await request.get(`/api/wikis/${wikiId}`)).json()) as StoredWiki;
        return wiki.status;
      },
      { timeout },
    )
    .toBe("ready");
  if (!wiki) throw new Error(`no wiki ${wikiId}`);
  return wiki;
}

/** A page of a wiki stored through DeepWiki's cache, as DeepWiki's client sends it. */
export interface CachedPage {
  id: string;
  title: string;
  content: string;
  filePaths: string[];
  importance: string;
  relatedPages: string[];
}

/**
 * Stores `pages` as one wiki of the local folder `dir` through DeepWiki's cache endpoint
 * (`POST /api/wiki_cache`, the server's default provider and model); its wiki id.
 */
export async function storeCachedWiki(
  request: APIRequestContext,
  dir: string,
  wiki: { title: string; description: string; pages: CachedPage[] },
): Promise<string> {
  const stored = await request.post("/api/wiki_cache", {
    data: {
      repo: { owner: "local", repo: path.basename(dir), type: "local", localPath: dir },
      language: "en",
      provider: "",
      model: "",
      wiki_structure: {
        id: "wiki",
        title: wiki.title,
        description: wiki.description,
        pages: wiki.pages.map((page) => ({ ...page, content: "" })),
        sections: [],
        rootSections: [],
      },
      generated_pages: Object.fromEntries(wiki.pages.map((page) => [page.id, page])),
    },
  });
  expect(stored.status(), await stored.text()).toBe(200);
  return ((await stored.json()) as { wiki_id: string }).wiki_id;
}
