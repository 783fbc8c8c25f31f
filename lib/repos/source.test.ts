import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AppError } from "../errors";
import { parseRepoSource } from "./source";

describe("parseRepoSource", () => {
  it("maps every spelling of one GitHub repository to one id", () => {
    const spellings = [
      "octo/Hello-World",
      "https://github.com/octo/Hello-World",
      "https://github.com/octo/Hello-World.git",
      "https://GitHub.com/octo/hello-world/",
      "https://github.com:443/Octo/Hello-World.git/",
    ];
    const ids = spellings.map((spelling) => parseRepoSource(spelling, []).id);
    expect(new Set(ids)).toEqual(new Set(["github.com~octo~hello-world"]));
    expect(parseRepoSource("octo/Hello-World", [])).toMatchObject({
      kind: "git",
      type: "github",
      url: "https://github.com/octo/Hello-World",
      owner: "octo",
      name: "Hello-World",
    });
  });

  it("keeps GitLab subgroups and self-hosted hosts, and the path's case elsewhere", () => {
    expect(parseRepoSource("https://gitlab.com/group/sub/Project.git", [])).toMatchObject({
      type: "gitlab",
      owner: "group/sub",
      name: "Project",
      id: "gitlab.com~group~sub~Project",
    });
    expect(parseRepoSource("https://git.example.org/team/tool", [])).toMatchObject({
      type: "git",
      host: "git.example.org",
    });
    expect(parseRepoSource("https://bitbucket.org/Team/Repo", []).id).toBe(
      "bitbucket.org~team~repo",
    );
  });

  it.each([
    ["http://github.com/a/b", /Only https/],
    ["ssh://git@github.com/a/b", /Only https/],
    ["git@github.com:a/b.git", /https URL/],
    ["https://github.com/a", /must name a repository/],
    ["https://github.com/a/b?x=1", /query or fragment/],
    ["https://github.com/a/b c", /spaces/],
    ["https://github.com/a/b;rm", /not allowed/],
    ["https://github.com/a/`id`", /not allowed/],
    ["https://github.com/a/%2e%2e", /must name a repository|not allowed/],
    ["https://tok@github.com/a/b", /token field/],
    ["https://github.com:8443/a/b", /default https port/],
    ["", /empty/],
  ])("refuses %s", (input, message) => {
    expect(() => parseRepoSource(input, [])).toThrow(message);
  });

  it("allows local folders only under an allowed root, after resolving links", () => {
    const root = mkdtempSync(path.join(tmpdir(), "roots-"));
    const outside = mkdtempSync(path.join(tmpdir(), "outside-"));
    mkdirSync(path.join(root, "project"));
    symlinkSync(outside, path.join(root, "escape"));
    const local = parseRepoSource(path.join(root, "project"), [root]);
    expect(local).toMatchObject({ kind: "local", name: "project" });
    expect(parseRepoSource(`file://${path.join(root, "project")}`, [root]).id).toBe(local.id);
    expect(() => parseRepoSource(path.join(root, "escape"), [root])).toThrow(
      /not under an allowed/,
    );
    expect(() => parseRepoSource(`${root}/project/../../`, [root])).toThrow(/not under an allowed/);
    expect(() => parseRepoSource("file:///etc", [root])).toThrow(/not under an allowed/);
    expect(() => parseRepoSource(path.join(root, "project"), [])).toThrow(/CARTOGRAPH_LOCAL_ROOTS/);
  });

  it("says a folder is missing only inside the roots: outside them every path is refused alike", () => {
    const root = mkdtempSync(path.join(tmpdir(), "roots-"));
    const outside = mkdtempSync(path.join(tmpdir(), "outside-"));
    symlinkSync(outside, path.join(root, "escape"));
    const missing = (candidate: string) => {
      try {
        parseRepoSource(candidate, [root]);
      } catch (error) {
        return { status: (error as AppError).status, message: (error as Error).message };
      }
      throw new Error(`${candidate} was accepted`);
    };
    expect(missing(path.join(root, "nope", "deeper"))).toEqual({
      status: 400,
      message: "That local folder does not exist",
    });
    const refused = { status: 400, message: expect.stringMatching(/not under an allowed/) };
    expect(missing(path.join(outside, "nope"))).toEqual(refused);
    expect(missing(path.join(root, "escape", "nope"))).toEqual(refused);
    expect(missing(`${root}/../definitely-not-here`)).toEqual(refused);
    expect(missing(outside)).toEqual(refused);
  });
});
