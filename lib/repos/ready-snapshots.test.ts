import { describe, expect, it } from "vitest";
import type { RepositoryRow, SnapshotRow } from "./queries";
import { ReadySnapshots } from "./ready-snapshots";

const found = (repoId: string, status = "ready") => ({
  repository: { id: repoId, owner: "o", name: "n" } as RepositoryRow,
  snapshot: { id: `${repoId}-s`, repoId, commit: "c1", status } as SnapshotRow,
});

describe("ReadySnapshots", () => {
  it("answers a ready snapshot by repository, commit and filters until its time is up", () => {
    let now = 0;
    const ready = new ReadySnapshots(1_000, 10, () => now);
    ready.set(["r1", "c1", ""], found("r1"));
    expect(ready.get(["r1", "c1", ""])?.snapshot.id).toBe("r1-s");
    expect(ready.get(["r1", "c2", ""])).toBeNull();
    expect(ready.get(["r1", "c1", "other filters"])).toBeNull();
    now = 999;
    expect(ready.get(["r1", "c1", ""])).not.toBeNull();
    now = 1_000;
    expect(ready.get(["r1", "c1", ""])).toBeNull();
  });

  it("keeps only ready snapshots and forgets a deleted repository's", () => {
    const ready = new ReadySnapshots();
    ready.set(["r1", "c1", ""], found("r1", "indexing"));
    expect(ready.get(["r1", "c1", ""])).toBeNull();
    ready.set(["r1", "c1", ""], found("r1"));
    ready.set(["r2", "c1", ""], found("r2"));
    ready.forgetRepository("r1");
    expect(ready.get(["r1", "c1", ""])).toBeNull();
    expect(ready.get(["r2", "c1", ""])?.repository.id).toBe("r2");
  });

  it("stays within its size", () => {
    const ready = new ReadySnapshots(10_000, 2);
    for (const id of ["r1", "r2", "r3"]) ready.set([id, "c1", ""], found(id));
    expect(["r1", "r2", "r3"].filter((id) => ready.get([id, "c1", ""])).length).toBeLessThan(3);
    expect(ready.get(["r3", "c1", ""])).not.toBeNull();
  });
});
