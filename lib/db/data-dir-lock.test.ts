import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lockDataDir } from "./data-dir-lock";

const freshDir = () => mkdtempSync(path.join(tmpdir(), "cartograph-lock-"));
const lockFile = (dir: string) => path.join(dir, "cartograph.pid");

describe("lockDataDir", () => {
  it("claims a directory with this process's id and releases it", () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile(dir))).toBe(false);
  });

  it("refuses a directory another running process holds, naming it", () => {
    const dir = freshDir();
    // The parent (the test runner) is alive for the whole test.
    writeFileSync(lockFile(dir), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${process.ppid}`);
    expect(readFileSync(lockFile(dir), "utf8")).toBe(String(process.ppid));
  });

  it("takes over a claim left by a process that is gone", () => {
    const dir = freshDir();
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid;
    writeFileSync(lockFile(dir), String(gone));
    const release = lockDataDir(dir);
    expect(readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    release();
  });
});
