import { describe, expect, it } from "vitest";
import { storeWikiCacheSchema } from "../protocol/deepwiki";
import { redactTokens } from "../security/redact-tokens";
import { repoTypeOf, storedWikiOf } from "./deepwiki";

const secret = ["ghp", "0123456789abcdefghijklmnopqrstuvwxyz"].join("_");

function request(overrides: Record<string, unknown> = {}) {
  return storeWikiCacheSchema.parse({
    repo: { owner: "acme", repo: "rocket", type: "github", token: "my-private-token-1234" },
    language: "en",
    provider: "google",
    model: "gemini-2.0-flash",
    wiki_structure: {
      id: "wiki",
      title: "Rocket",
      description: "About my-private-token-1234",
      pages: [
        {
          id: "a",
          title: "A",
          content: "",
          filePaths: ["a.ts"],
          importance: "high",
          relatedPages: ["b", "zzz"],
        },
        {
          id: "b",
          title: "B",
          content: "from structure",
          filePaths: [],
          importance: "whatever",
          relatedPages: [],
        },
      ],
      sections: [
        { id: "s1", title: "One", pages: ["a", "missing"], subsections: ["s2", "nope"] },
        { id: "s2", title: "Two", pages: ["b"] },
      ],
      rootSections: ["s1", "ghost"],
    },
    generated_pages: {
      a: {
        id: "a",
        title: "A",
        content: `Token ${secret} and my-private-token-1234`,
        filePaths: ["a.ts"],
        importance: "high",
        relatedPages: [],
      },
      c: { id: "c", title: "C", content: "", filePaths: [], importance: "low", relatedPages: [] },
    },
    ...overrides,
  });
}

describe("storing a DeepWiki cache body", () => {
  it("keeps pages, references and sections as sent, in the structure's order", () => {
    const stored = storedWikiOf(request());
    expect(stored.pages.map((page) => page.pageId)).toEqual(["a", "b", "c"]);
    // `generated_pages` holds what DeepWiki's client shows: its entry wins.
    expect(stored.pages[0]).toMatchObject({
      relatedPages: [],
      filePaths: ["a.ts"],
      sectionId: "s1",
      status: "done",
    });
    expect(stored.pages[1]).toMatchObject({
      sectionId: "s2",
      importance: "medium",
      content: "from structure",
      relatedPages: [],
      status: "done",
    });
    expect(stored.pages[2]).toMatchObject({ status: "failed", content: "" });
    expect(stored.complete).toBe(false);
    expect(stored.structure).toEqual({
      sections: [
        { id: "s1", title: "One", pages: ["a", "missing"], subsections: ["s2", "nope"] },
        { id: "s2", title: "Two", pages: ["b"], subsections: [] },
      ],
      rootSections: ["s1", "ghost"],
    });
  });

  it("keeps content and file paths byte for byte, wrong citations and all", () => {
    const content =
      "Wrong on purpose: src/nowhere.ts:1-9999 ✓ ```mermaid\ngraph TD\n  A-->\n```  \n\t";
    const stored = storedWikiOf(
      request({
        generated_pages: {
          a: {
            id: "a",
            title: "Ä title  ",
            content,
            filePaths: ["b.ts", "b.ts", "missing.ts"],
            importance: "high",
            relatedPages: ["zzz", "a"],
          },
        },
      }),
    );
    expect(stored.pages[0]).toMatchObject({
      title: "Ä title  ",
      content,
      filePaths: ["b.ts", "b.ts", "missing.ts"],
      relatedPages: ["zzz", "a"],
    });
  });

  it("removes the request's token and token-shaped strings from everything stored", () => {
    const stored = JSON.stringify(storedWikiOf(request()));
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain("my-private-token-1234");
  });
});

describe("redactTokens", () => {
  it("removes host tokens, keys, URL credentials and bearer tokens, and keeps prose", () => {
    const text = [
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
      ["glpat", "abcdefghij0123456789xy"].join("-"),
      "sk-proj-abcdefghijklmnopqrstuvwxyz",
      "AKIAABCDEFGHIJKLMNOP",
      "https://oauth2:hunter2secret@gitlab.com/a/b",
      "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345",
      "See src/app.ts:10-24 and https://github.com/acme/rocket.",
    ].join("\n");
    const clean = redactTokens(text);
    expect(clean).not.toMatch(/github_pat_1|glpat-a|sk-proj|AKIAA|hunter2|Bearer abc/);
    expect(clean).toContain("https://***@gitlab.com/a/b");
    expect(clean).toContain("See src/app.ts:10-24 and https://github.com/acme/rocket.");
    const json = JSON.stringify({ a: "https://x.com", b: "me@y.com" });
    expect(redactTokens(json)).toBe(json);
  });
});

describe("repoTypeOf", () => {
  it("maps hosts to DeepWiki's repository types", () => {
    expect(repoTypeOf({ kind: "git", host: "github.com" })).toBe("github");
    expect(repoTypeOf({ kind: "git", host: "gitlab.example.org" })).toBe("gitlab");
    expect(repoTypeOf({ kind: "git", host: "bitbucket.org" })).toBe("bitbucket");
    expect(repoTypeOf({ kind: "git", host: "git.example.org" })).toBe("git");
    expect(repoTypeOf({ kind: "local", host: null })).toBe("local");
  });
});
