import { setImmediate as settle } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { FolderCommits } from "./folder-commits";

/** A folder whose content and fingerprint the test sets, counting how often each is read. */
function fakeFolder() {
  const folder = { content: "v1", signature: "s1", hashes: 0, signatures: 0, clock: 0 };
  const commits = new FolderCommits({
    hash: async () => {
      folder.hashes++;
      await settle();
      return `commit-of-${folder.content}`;
    },
    signature: async () => {
      folder.signatures++;
      return folder.signature;
    },
    checkEveryMs: 1_000,
    now: () => folder.clock,
  });
  return { folder, commits };
}

describe("FolderCommits", () => {
  it("hashes a folder once; until it is due, its commit is answered without looking at it", async () => {
    const { folder, commits } = fakeFolder();
    expect(commits.peek("/f")).toBeNull();
    const [first, second] = await Promise.all([commits.current("/f"), commits.current("/f")]);
    expect([first, second]).toEqual(["commit-of-v1", "commit-of-v1"]);
    expect(folder.hashes).toBe(1);
    const signaturesAfterHash = folder.signatures;

    folder.content = "v2";
    folder.signature = "s2";
    folder.clock = 999;
    for (let chat = 0; chat < 50; chat++) expect(await commits.current("/f")).toBe("commit-of-v1");
    expect(folder.hashes).toBe(1);
    expect(folder.signatures).toBe(signaturesAfterHash);
  });

  it("once due, answers the known commit at once and checks in the background: the same fingerprint is not hashed, a new one is", async () => {
    const { folder, commits } = fakeFolder();
    await commits.current("/f");
    folder.clock = 1_000;
    // Unchanged: one cheap look, no hash, and not again before the next interval.
    expect(commits.peek("/f")).toBe("commit-of-v1");
    expect(commits.peek("/f")).toBe("commit-of-v1");
    await settle();
    expect(folder).toMatchObject({ signatures: 2, hashes: 1 });
    folder.clock = 1_500;
    commits.peek("/f");
    await settle();
    expect(folder.signatures).toBe(2);

    // Changed: the request that noticed still gets the old commit; later ones the new.
    folder.content = "v2";
    folder.signature = "s2";
    folder.clock = 2_000;
    expect(commits.peek("/f")).toBe("commit-of-v1");
    for (let turn = 0; turn < 5; turn++) await settle();
    expect(folder.hashes).toBe(2);
    expect(commits.peek("/f")).toBe("commit-of-v2");
  });

  it("hashes now on refresh (the folder added again), whatever it remembers", async () => {
    const { folder, commits } = fakeFolder();
    await commits.current("/f");
    folder.content = "v2";
    expect(await commits.refresh("/f")).toBe("commit-of-v2");
    expect(commits.peek("/f")).toBe("commit-of-v2");
    expect(folder.hashes).toBe(2);
  });

  it("remembers no failure, and forgets a folder that can no longer be checked", async () => {
    let fail = true;
    let signatureFails = false;
    const commits = new FolderCommits({
      hash: async () => {
        if (fail) throw new Error("That local folder does not exist");
        return "commit";
      },
      signature: async () => {
        if (signatureFails) throw new Error("gone");
        return "s";
      },
      checkEveryMs: 0,
    });
    await expect(commits.current("/f")).rejects.toThrow("does not exist");
    expect(commits.peek("/f")).toBeNull();
    fail = false;
    expect(await commits.current("/f")).toBe("commit");
    signatureFails = true;
    expect(commits.peek("/f")).toBe("commit");
    await settle();
    expect(commits.peek("/f")).toBeNull();
  });
});
