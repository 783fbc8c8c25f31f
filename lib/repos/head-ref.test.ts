import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readHead, readRef } from "./head-ref";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function repository(): { dir: string; git: (...args: string[]) => string } {
  const dir = mkdtempSync(path.join(tmpdir(), "head-ref-"));
  folders.push(dir);
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], {
      cwd: dir,
      encoding: "utf8",
    }).trim();
  git("init", "-q", "-b", "main");
  writeFileSync(path.join(dir, "a.txt"), "one\n");
  git("add", ".");
  git("commit", "-q", "-m", "one");
  return { dir, git };
}

describe("readHead", () => {
  it("reads the branch and commit git itself reports, loose or packed, and after a commit", async () => {
    const { dir, git } = repository();
    expect(await readHead(dir)).toEqual({ commit: git("rev-parse", "HEAD"), branch: "main" });
    git("pack-refs", "--all");
    expect(await readHead(dir)).toEqual({ commit: git("rev-parse", "HEAD"), branch: "main" });
    writeFileSync(path.join(dir, "a.txt"), "two\n");
    git("commit", "-q", "-am", "two");
    expect(await readHead(dir)).toEqual({ commit: git("rev-parse", "HEAD"), branch: "main" });
  });

  it("reads a detached HEAD and a linked worktree's, and leaves anything unusual to git", async () => {
    const { dir, git } = repository();
    const commit = git("rev-parse", "HEAD");
    git("checkout", "-q", "--detach");
    expect(await readHead(dir)).toEqual({ commit, branch: null });
    git("checkout", "-q", "main");
    // A linked worktree has a `.git` file, not a folder.
    const linked = path.join(dir, "..", `${path.basename(dir)}-linked`);
    folders.push(linked);
    git("worktree", "add", "-q", "-b", "side", linked);
    expect(await readHead(linked)).toEqual({ commit, branch: "side" });
    writeFileSync(path.join(linked, "a.txt"), "side\n");
    execFileSync(
      "git",
      ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "side"],
      {
        cwd: linked,
      },
    );
    const side = git("rev-parse", "side");
    expect(side).not.toBe(commit);
    expect(await readHead(linked)).toEqual({ commit: side, branch: "side" });
    expect(await readRef(linked, "main")).toBe(commit);
    expect(await readHead(dir)).toEqual({ commit, branch: "main" });
    // A branch with no commit yet.
    git("checkout", "-q", "--orphan", "empty");
    expect(await readHead(dir)).toBeNull();
    expect(await readHead(path.join(dir, "missing"))).toBeNull();
  });

  it("readRef: branches and tags as git resolves them, loose or packed; anything else is left to git", async () => {
    const { dir, git } = repository();
    const first = git("rev-parse", "HEAD");
    git("tag", "light");
    git("tag", "-a", "-m", "annotated", "v1");
    writeFileSync(path.join(dir, "a.txt"), "two\n");
    git("commit", "-q", "-am", "two");
    git("branch", "side", first);
    const resolve = (ref: string) => git("rev-parse", "--verify", `${ref}^{commit}`);
    expect(await readRef(dir, "main")).toBe(resolve("main"));
    expect(await readRef(dir, "side")).toBe(first);
    expect(await readRef(dir, "light")).toBe(first);
    expect(await readRef(dir, first.toUpperCase())).toBe(first);
    // A loose annotated tag holds the tag object: not a commit any snapshot has.
    expect(await readRef(dir, "v1")).not.toBe(first);
    git("pack-refs", "--all");
    for (const ref of ["main", "side", "light", "v1"])
      expect(await readRef(dir, ref)).toBe(resolve(ref));
    // A tag wins over a branch of the same name, as in git.
    git("branch", "light", "main");
    git("pack-refs", "--all");
    expect(await readRef(dir, "light")).toBe(first);
    for (const ref of ["main~1", first.slice(0, 7), "refs/heads/main", "no-such", "../main"])
      expect(await readRef(dir, ref), ref).toBeNull();
  });
});
