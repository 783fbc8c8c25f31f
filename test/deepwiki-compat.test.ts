import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WikiView } from "../lib/protocol/wiki";
import { api, waitFor } from "./support/clients";
import { FixtureRepo } from "./support/fixture-repo";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let open: ServerProcess;
let guarded: ServerProcess;
let repoDir: string;

beforeAll(async () => {
  const fixture = FixtureRepo.inNewRoot("notes");
  repoDir = fixture.repo.dir;
  fixture.repo.write({
    "README.md": "# Notes\n\nA note keeper.\n",
    "src/notes.py": "def add_note(text):\n    return text\n",
  });
  fixture.repo.commit("first");
  [open, guarded] = await Promise.all([
    startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot } }),
    startServerProcess({ env: { AUTH_MODE: "access-code", ACCESS_CODE: "letmein" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([open?.stop(), guarded?.stop()]);
});

describe("DeepWiki-compatible endpoints", () => {
  it("/lang/config lists the languages DeepWiki's client can load, in its spellings", async () => {
    const config = await api<{ supported_languages: Record<string, string>; default: string }>(
      open.url,
      "/lang/config",
    );
    expect(config.body.default).toBe("en");
    expect(Object.keys(config.body.supported_languages)).toEqual([
      "en",
      "ja",
      "zh",
      "zh-tw",
      "es",
      "kr",
      "vi",
      "pt-br",
      "fr",
      "ru",
    ]);
    expect(config.body.supported_languages.ja).toBe("Japanese");
    expect(config.body.supported_languages.kr).toBe("Korean");
  });

  it("/local_repo/structure returns the tree and README of an allowed local repository", async () => {
    const structure = await api<{ file_tree: string; readme: string }>(
      open.url,
      `/local_repo/structure?path=${encodeURIComponent(repoDir)}`,
    );
    expect(structure.status).toBe(200);
    expect(structure.body.file_tree.split("\n").sort()).toEqual(["README.md", "src/notes.py"]);
    expect(structure.body.readme).toBe("# Notes\n\nA note keeper.\n");
    const refused = await api<{ error: string }>(open.url, "/local_repo/structure?path=/etc");
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/not under an allowed local root/);
    const missing = await api<{ error: string }>(open.url, "/local_repo/structure");
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/path/);
  });

  it("/api/wiki_cache, /api/processed_projects and /export/wiki answer with DeepWiki's shapes", async () => {
    const query = "owner=local&repo=notes&repo_type=local&language=en";
    expect(await api(open.url, `/api/wiki_cache?${query}`)).toEqual({ status: 200, body: null });
    // The repository must be known (and indexed) before a wiki can be stored for it: the
    // structure call starts the indexing, which goes on in the background.
    await api(open.url, `/local_repo/structure?path=${encodeURIComponent(repoDir)}`);
    await waitFor(
      async () => {
        const repos = await api<{ items: { latest_snapshot: { status: string } | null }[] }>(
          open.url,
          "/api/repos",
        );
        return repos.body.items[0]?.latest_snapshot?.status === "ready";
      },
      { what: "the index of the structure call" },
    );
    const page = {
      id: "intro",
      title: "Intro",
      content: "Notes are added by src/notes.py:1-2.",
      filePaths: ["src/notes.py"],
      importance: "high",
      relatedPages: [],
    };
    // Written elsewhere, with a citation and a file the repository does not have.
    const invented = {
      id: "ghost",
      title: "Ghost",
      content: "Made up: src/ghost.py:3-9 and src/notes.py:1-99, but src/notes.py:2 holds.",
      filePaths: ["src/notes.py", "src/ghost.py"],
      importance: "low",
      relatedPages: [],
    };
    const stored = await api<{ wiki_id: string }>(open.url, "/api/wiki_cache", {
      method: "POST",
      json: {
        repo: { owner: "local", repo: "notes", type: "local", localPath: repoDir },
        language: "en",
        wiki_structure: {
          id: "wiki",
          title: "Notes",
          description: "A note keeper",
          pages: [page, invented],
          sections: [],
          rootSections: [],
        },
        generated_pages: { intro: page, ghost: invented },
        provider: "google",
        model: "gemini-2.0-flash",
      },
    });
    expect(stored.body).toMatchObject({ success: true, message: "Wiki cache saved successfully" });
    // The text comes back as it was sent; what the checks found is beside it, in Cartograph's view.
    const cached = await api<Record<string, unknown>>(open.url, `/api/wiki_cache?${query}`);
    expect(cached.body).toEqual({
      wiki_structure: {
        id: expect.any(String),
        title: "Notes",
        description: "A note keeper",
        pages: [page, invented],
        sections: [],
        rootSections: [],
      },
      generated_pages: { intro: page, ghost: invented },
      repo: { owner: "local", repo: "notes", type: "local", localPath: expect.any(String) },
      provider: "google",
      model: "gemini-2.0-flash",
    });
    const view = await api<WikiView>(open.url, `/api/wikis/${stored.body.wiki_id}`);
    expect(view.body.pages.find((p) => p.id === "ghost")?.checks).toEqual({
      citations: [
        {
          text: "src/ghost.py:3-9",
          path: "src/ghost.py",
          start_line: 3,
          end_line: 9,
          valid: false,
        },
        {
          text: "src/notes.py:1-99",
          path: "src/notes.py",
          start_line: 1,
          end_line: 99,
          valid: false,
        },
        { text: "src/notes.py:2", path: "src/notes.py", start_line: 2, end_line: 2, valid: true },
      ],
      missing_files: ["src/ghost.py"],
    });
    expect(view.body.pages.find((p) => p.id === "intro")?.checks).toEqual({
      citations: [
        { text: "src/notes.py:1-2", path: "src/notes.py", start_line: 1, end_line: 2, valid: true },
      ],
      missing_files: [],
    });
    const projects = await api<unknown[]>(open.url, "/api/processed_projects");
    expect(projects.body).toEqual([
      {
        id: expect.any(String),
        owner: "local",
        repo: "notes",
        name: "local/notes",
        repo_type: "local",
        submittedAt: expect.any(Number),
        language: "en",
      },
    ]);
    const exported = await fetch(`${open.url}/export/wiki`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        repo_url: "https://github.com/acme/notes",
        pages: [page],
        format: "markdown",
      }),
    });
    expect(exported.headers.get("content-disposition")).toMatch(
      /^attachment; filename=notes_wiki_\d{8}_\d{6}\.md$/,
    );
    expect(await exported.text()).toContain("Notes are added by src/notes.py:1-2.");
    const deleted = await api(open.url, `/api/wiki_cache?${query}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect((await api(open.url, `/api/wiki_cache?${query}`)).body).toBeNull();
    expect((await api(open.url, "/api/processed_projects")).body).toEqual([]);
  });

  it("/auth/status and /auth/validate follow the access mode, and the cookie opens every surface", async () => {
    expect((await api(open.url, "/auth/status")).body).toEqual({ auth_required: false });
    expect((await api(guarded.url, "/auth/status")).body).toEqual({ auth_required: true });
    expect((await api(guarded.url, "/api/history")).status).toBe(401);
    const wrong = await api(guarded.url, "/auth/validate", {
      method: "POST",
      json: { code: "nope" },
    });
    expect(wrong.body).toEqual({ success: false });
    const right = await fetch(`${guarded.url}/auth/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: "letmein" }),
    });
    expect(await right.json()).toEqual({ success: true });
    const cookie = right.headers.get("set-cookie")!.split(";")[0];
    expect(cookie).toMatch(/^cartograph_session=/);
    expect(cookie).not.toContain("letmein");
    expect((await api(guarded.url, "/api/history", { headers: { cookie } })).status).toBe(200);
    expect(
      (await api(guarded.url, "/api/history", { headers: { authorization: "Bearer letmein" } }))
        .status,
    ).toBe(200);
  });

  it("a page asked for without the code leads to the sign-in form, and back after it", async () => {
    const page = (url: string, path: string, headers: Record<string, string> = {}) =>
      fetch(new URL(path, url), {
        redirect: "manual",
        headers: { accept: "text/html", ...headers },
      });
    const refused = await page(guarded.url, "/research?status=completed");
    expect(refused.status).toBe(302);
    expect(refused.headers.get("location")).toBe(
      `/login?next=${encodeURIComponent("/research?status=completed")}`,
    );
    const login = await page(guarded.url, "/login?next=%2Fresearch");
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("Access code");
    // Signed in, the page itself; the APIs and assets answer for themselves.
    const signedIn = await fetch(`${guarded.url}/auth/validate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: "letmein" }),
    });
    const cookie = signedIn.headers.get("set-cookie")!.split(";")[0];
    expect((await page(guarded.url, "/research", { cookie })).status).toBe(200);
    expect((await page(guarded.url, "/api/history")).status).toBe(401);
    expect((await page(guarded.url, "/health")).status).toBe(200);
    // Without an access mode nothing is redirected.
    expect((await page(open.url, "/research")).status).toBe(200);
  });
});
