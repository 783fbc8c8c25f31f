import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gitBlobSha, hashFolder, listFolder, readFolderFiles } from "./folder-tree";

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "folder-tree-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe("a plain folder", () => {
  it("is listed in path order with sizes, without entering dependency or VCS folders or following links", async () => {
    const outside = folder({ "secret.txt": "secret" });
    const root = folder({
      "src/b.ts": "bb",
      "src/a.ts": "a",
      "README.md": "# Hi",
      "node_modules/dep/index.js": "x",
      ".git/config": "x",
    });
    symlinkSync(path.join(outside, "secret.txt"), path.join(root, "link.txt"));
    symlinkSync(outside, path.join(root, "linked-folder"));
    const listed = await listFolder(root);
    expect(listed.map(({ path, size }) => ({ path, size }))).toEqual([
      { path: "README.md", size: 4 },
      { path: "src/a.ts", size: 1 },
      { path: "src/b.ts", size: 2 },
    ]);
  });

  it("lists in slices: more files than one slice are all there", async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 4_500; index++) files[`d${index % 7}/f${index}.txt`] = "x";
    const listed = await listFolder(folder(files));
    expect(listed).toHaveLength(4_500);
    expect(listed.map((file) => file.path)).toEqual(Object.keys(files).sort());
  });

  it("refuses a folder with more files than allowed", async () => {
    await expect(listFolder(folder({ a: "1", b: "2", c: "3" }), 2)).rejects.toThrow(
      /too many files/,
    );
  });

  it("hashes into a pseudo-commit that follows content, over the same files the listing has", async () => {
    const root = folder({ "a.ts": "one", "b/c.ts": "two", "node_modules/x.js": "dep" });
    const first = await hashFolder(root);
    expect(first.entries.map((entry) => entry.path)).toEqual(
      (await listFolder(root)).map((file) => file.path),
    );
    expect(first.entries[0]).toEqual({
      path: "a.ts",
      sha: gitBlobSha(Buffer.from("one")),
      size: 3,
    });
    expect((await hashFolder(root)).commit).toBe(first.commit);
    writeFileSync(path.join(root, "a.ts"), "ONE");
    const changed = await hashFolder(root);
    expect(changed.commit).not.toBe(first.commit);
    const blobs = await changed.read([changed.entries[0].sha]);
    expect(blobs.get(changed.entries[0].sha)?.toString()).toBe("ONE");
  });

  it("reads files by path, leaving out one that became a link or is gone", async () => {
    const outside = folder({ "secret.txt": "secret" });
    const root = folder({ "a.ts": "a" });
    symlinkSync(path.join(outside, "secret.txt"), path.join(root, "b.ts"));
    const read = await readFolderFiles(root, ["a.ts", "b.ts", "gone.ts"]);
    expect([...read.keys()]).toEqual(["a.ts"]);
  });
});
