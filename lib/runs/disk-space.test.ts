import { describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { DiskSpace, isDiskFullError } from "./disk-space";

const MB = 1024 * 1024;

function diskWith(freeMb: () => number, clock = { now: 0 }) {
  let reads = 0;
  const disk = new DiskSpace({
    dir: "/data",
    minFreeMb: 500,
    readFreeBytes: (dir) => {
      expect(dir).toBe("/data");
      reads++;
      return freeMb() * MB + 123; // a partial megabyte is not counted
    },
    now: () => clock.now,
  });
  return { disk, reads: () => reads };
}

describe("DiskSpace", () => {
  it("is low below MIN_FREE_DISK_MB and ok at or above it", () => {
    expect(diskWith(() => 499).disk.check()).toEqual({ freeMb: 499, minFreeMb: 500, low: true });
    expect(diskWith(() => 500).disk.check()).toEqual({ freeMb: 500, minFreeMb: 500, low: false });
  });

  it("refuses with a 507 that names DATA_DIR, the free and needed space and what to do", () => {
    const { disk } = diskWith(() => 120);
    let thrown: unknown;
    try {
      disk.assertRoom();
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown)).toBe(true);
    const error = thrown as { status: number; code: string; message: string };
    expect(error.status).toBe(507);
    expect(error.code).toBe("insufficient_storage:disk");
    expect(error.message).toContain("DATA_DIR has 120 MB free, needs 500 MB");
    expect(error.message).toMatch(/free space/i);
    expect(() => diskWith(() => 800).disk.assertRoom()).not.toThrow();
  });

  it("asks the filesystem at most once a second, and again after", () => {
    let free = 800;
    const clock = { now: 0 };
    const { disk, reads } = diskWith(() => free, clock);
    expect(disk.check().low).toBe(false);
    free = 100;
    clock.now = 900;
    expect(disk.check().low).toBe(false);
    expect(reads()).toBe(1);
    clock.now = 1_000;
    expect(disk.check()).toMatchObject({ freeMb: 100, low: true });
    expect(reads()).toBe(2);
  });

  it("does not stop work when the filesystem cannot report its space", () => {
    const disk = new DiskSpace({
      dir: "/nowhere",
      minFreeMb: 500,
      readFreeBytes: () => {
        throw Object.assign(new Error("ENOSYS"), { code: "ENOSYS" });
      },
    });
    expect(disk.check()).toEqual({ freeMb: null, minFreeMb: 500, low: false });
    expect(() => disk.assertRoom()).not.toThrow();
  });

  it("reads the real free space of a directory with statfs", () => {
    const reading = new DiskSpace({ dir: ".", minFreeMb: 0 }).check();
    expect(reading.freeMb).toBeGreaterThan(0);
    expect(reading.low).toBe(false);
  });
});

describe("isDiskFullError", () => {
  it("recognises a full disk from the filesystem and from Postgres, also as a cause", () => {
    expect(isDiskFullError(Object.assign(new Error("write"), { code: "ENOSPC" }))).toBe(true);
    expect(isDiskFullError(Object.assign(new Error("x"), { code: "53100" }))).toBe(true);
    expect(
      isDiskFullError(new Error('could not extend file "base/5/1234": No space left on device')),
    ).toBe(true);
    expect(
      isDiskFullError(
        new Error("query failed", { cause: Object.assign(new Error(), { code: "ENOSPC" }) }),
      ),
    ).toBe(true);
  });

  it("leaves every other failure alone", () => {
    expect(isDiskFullError(new Error("connection refused"))).toBe(false);
    expect(isDiskFullError(Object.assign(new Error("x"), { code: "EACCES" }))).toBe(false);
    expect(isDiskFullError("ENOSPC")).toBe(false);
    expect(isDiskFullError(null)).toBe(false);
  });
});
