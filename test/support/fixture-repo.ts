import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { temporaryDirectory } from "./temporary-directory";

/** A git repository built on disk for a test: files in, commits out. */
export class FixtureRepo {
  readonly root: string;

  constructor(readonly dir: string) {
    this.root = dir;
    mkdirSync(dir, { recursive: true });
    this.git("init", "--quiet", "--initial-branch=main");
    this.git("config", "user.email", "test@example.com");
    this.git("config", "user.name", "Test");
  }

  static inNewRoot(name = "repo"): { allowedRoot: string; repo: FixtureRepo } {
    const allowedRoot = temporaryDirectory("cartograph-roots-");
    return { allowedRoot, repo: new FixtureRepo(path.join(allowedRoot, name)) };
  }

  write(files: Record<string, string | Buffer>): this {
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(this.dir, file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    return this;
  }

  commit(message: string): string {
    this.git("add", "--all", "--force");
    this.git("commit", "--quiet", "-m", message);
    return this.git("rev-parse", "HEAD").trim();
  }

  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.dir, encoding: "utf8" });
  }
}

/** Line number (1-based) of the first line containing `needle`. */
export function lineOf(content: string, needle: string): number {
  const index = content.split("\n").findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not found`);
  return index + 1;
}
