import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError, isAppError } from "../errors";
import { redactSecret } from "../security/redact";
import type { RepoType } from "./source";

export interface GitOptions {
  cwd?: string;
  /** Access token for this one command; sent as an HTTP header from a private temp config. */
  token?: string;
  repoType?: RepoType;
  signal?: AbortSignal;
  /** The whole command is killed after this long (default 10 min). */
  timeoutMs?: number;
  /**
   * For commands that talk to a remote: killed when git reports nothing for this long
   * (ls-remote prints only at the end, so for it this bounds the whole command).
   */
  remoteTimeoutMs?: number;
  /** Lets `file://` and local paths through (local sources only). */
  allowLocal?: boolean;
  /**
   * The addresses the host was checked at: git connects to these only (no second DNS
   * lookup) and follows no redirect to another host.
   */
  pin?: { host: string; port: number; addresses: string[] };
  input?: string;
}

const MAX_OUTPUT = 512 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** curl gives up on a transfer slower than this many bytes a second for LOW_SPEED_SECONDS. */
const LOW_SPEED_BYTES = 1_000;
const LOW_SPEED_SECONDS = 30;

/**
 * Runs git without a shell. The token never reaches the arguments, the environment or
 * the URL: it lives in a 0600 config file in a private directory, removed afterwards.
 */
export async function runGit(args: string[], options: GitOptions = {}): Promise<Buffer> {
  const secrets = options.token ? [options.token, basicCredential(options)] : [];
  const scratch = mkdtempSync(path.join(tmpdir(), "cartograph-git-"));
  try {
    const configFile = path.join(scratch, "config");
    writeFileSync(configFile, gitConfig(options), { mode: 0o600 });
    return await spawnGit(args, options, configFile, secrets);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The private config git runs with (exported for its tests). */
export function gitConfig(options: GitOptions): string {
  const lines = [
    "[protocol]",
    "\tallow = never",
    '[protocol "https"]',
    "\tallow = always",
    `[protocol "file"]`,
    `\tallow = ${options.allowLocal ? "always" : "never"}`,
    "[core]",
    "\taskPass = ",
    "[credential]",
    "\thelper = ",
    // Allow-listed local repositories may belong to another user.
    "[safe]",
    "\tdirectory = *",
    "[advice]",
    "\tdetachedHead = false",
  ];
  // A remote that trickles bytes to stay under the silence timeout still fails.
  lines.push(
    "[http]",
    `\tlowSpeedLimit = ${LOW_SPEED_BYTES}`,
    `\tlowSpeedTime = ${LOW_SPEED_SECONDS}`,
  );
  if (options.token) {
    lines.push(`\textraHeader = Authorization: Basic ${basicCredential(options)}`);
  }
  if (options.pin && options.pin.addresses.length > 0) {
    const { host, port, addresses } = options.pin;
    const listed = addresses.map((address) => (address.includes(":") ? `[${address}]` : address));
    lines.push(
      `\tcurloptResolve = ${host}:${port}:${listed.join(",")}`,
      "\tfollowRedirects = false",
    );
  }
  return `${lines.join("\n")}\n`;
}

function basicCredential(options: GitOptions): string {
  const user =
    options.repoType === "gitlab"
      ? "oauth2"
      : options.repoType === "bitbucket"
        ? "x-token-auth"
        : "x-access-token";
  return Buffer.from(`${user}:${options.token}`).toString("base64");
}

function spawnGit(
  args: string[],
  options: GitOptions,
  configFile: string,
  secrets: string[],
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, {
      cwd: options.cwd,
      env: {
        NODE_ENV: process.env.NODE_ENV,
        PATH: process.env.PATH,
        HOME: path.dirname(configFile),
        GIT_CONFIG_GLOBAL: configFile,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_TERMINAL_PROMPT: "0",
        GIT_ASKPASS: "",
        SSH_ASKPASS: "",
        LANG: "C",
      },
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group, so git's helpers (git-remote-https) die with it.
      detached: true,
    });
    let stopped: { reason: unknown } | null = null;
    const stop = (reason: unknown) => {
      if (stopped) return;
      stopped = { reason };
      killTree(child.pid);
    };
    const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));
    const total = setTimeout(() => {
      const ms = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      stop(new AppError("unavailable:repo", `git took longer than ${seconds(ms)} s`));
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let silence: NodeJS.Timeout | undefined;
    const heardFromGit = () => {
      const ms = options.remoteTimeoutMs;
      if (ms === undefined) return;
      clearTimeout(silence);
      silence = setTimeout(
        () =>
          stop(
            new AppError("unavailable:repo", `The remote did not answer within ${seconds(ms)} s`),
          ),
        ms,
      );
    };
    heardFromGit();
    const onAbort = () => stop(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();

    const stdout: Buffer[] = [];
    let size = 0;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      heardFromGit();
      size += chunk.length;
      if (size > MAX_OUTPUT) stop(new AppError("bad_request:repo", "git's output is too large"));
      else stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      heardFromGit();
      // The end holds the error; progress lines before it are noise.
      stderr = (stderr + chunk.toString()).slice(-8_192);
    });
    const settle = () => {
      clearTimeout(total);
      clearTimeout(silence);
      options.signal?.removeEventListener("abort", onAbort);
    };
    child.on("error", (error) => {
      settle();
      if (stopped) reject(stopped.reason ?? error);
      else reject(new AppError("unavailable:git", "git could not be started on the server"));
    });
    child.on("close", (code) => {
      settle();
      if (stopped) return reject(stopped.reason);
      if (code === 0) return resolve(Buffer.concat(stdout));
      const detail = redactSecret(
        stderr
          .trim()
          .split(/[\r\n]+/)
          .slice(-3)
          .join(" "),
        secrets,
      );
      reject(new GitError(args[0] ?? "git", detail));
    });
    child.stdin.on("error", () => {
      // git exited before reading all its input; its exit code tells why.
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

function killTree(pid: number | undefined) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** A git command failed; `detail` is git's own last words with secrets removed. */
export class GitError extends Error {
  constructor(
    readonly command: string,
    readonly detail: string,
  ) {
    super(`git ${command} failed: ${detail}`);
  }
}

/** The user-facing reason for a failed remote operation: short, no server paths. */
export function describeGitFailure(error: unknown): AppError {
  if (error instanceof GitError) {
    const detail = error.detail;
    if (/authentication|403|401|could not read Username|terminal prompts disabled/i.test(detail)) {
      return new AppError("bad_request:repo", "The repository needs a valid access token");
    }
    if (
      /not found|does not exist|couldn't find remote ref|unknown revision|bad revision/i.test(
        detail,
      )
    ) {
      return new AppError("not_found:repo", "Repository or ref not found");
    }
    if (/operation too slow/i.test(detail)) {
      return new AppError("unavailable:repo", "The remote sent data too slowly");
    }
    if (/could not resolve host|unable to access|timed out|connection/i.test(detail)) {
      return new AppError("unavailable:repo", "The repository host could not be reached");
    }
    return new AppError("bad_request:repo", "git could not read the repository");
  }
  return isAppError(error) ? error : new AppError("internal:repo", "Repository access failed");
}

const SHA = /^[0-9a-f]{40}$/i;
export const isCommitSha = (value: string) => SHA.test(value);

/** The commit a ref (or the default branch) of a remote points to, and the default branch. */
export async function resolveRemoteCommit(
  url: string,
  ref: string | undefined,
  options: GitOptions,
): Promise<{ commit: string; defaultBranch: string | null }> {
  if (ref && isCommitSha(ref)) return { commit: ref.toLowerCase(), defaultBranch: null };
  const output = (
    await runGit(["ls-remote", "--symref", "--", url, "HEAD", ...(ref ? [ref] : [])], options)
  ).toString();
  let defaultBranch: string | null = null;
  const shas = new Map<string, string>();
  for (const line of output.split("\n")) {
    const symref = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line);
    if (symref) defaultBranch = symref[1];
    const entry = /^([0-9a-f]{40})\t(\S+)$/.exec(line);
    if (entry) shas.set(entry[2], entry[1]);
  }
  const wanted = ref
    ? (shas.get(`refs/heads/${ref}`) ??
      shas.get(`refs/tags/${ref}^{}`) ??
      shas.get(`refs/tags/${ref}`) ??
      shas.get(ref))
    : shas.get("HEAD");
  if (!wanted)
    throw new AppError(
      "not_found:repo",
      ref ? `Ref ${ref} not found` : "Repository has no commits",
    );
  return { commit: wanted, defaultBranch };
}

/** Fetches one commit, shallow, into a bare cache repository (reused across commits). */
export async function fetchCommit(
  gitDir: string,
  remote: string,
  commit: string,
  ref: string | undefined,
  options: GitOptions,
): Promise<void> {
  mkdirSync(gitDir, { recursive: true });
  await runGit(["init", "--bare", "--quiet", gitDir], {});
  const present = await runGit(["cat-file", "-e", `${commit}^{commit}`], { cwd: gitDir }).then(
    () => true,
    () => false,
  );
  if (present) return;
  const target = ref && !isCommitSha(ref) ? ref : commit;
  await runGit(["fetch", "--depth", "1", "--no-tags", "--progress", "--", remote, target], {
    ...options,
    cwd: gitDir,
  });
  const fetched = (await runGit(["rev-parse", "FETCH_HEAD"], { cwd: gitDir })).toString().trim();
  if (fetched !== commit) {
    // The ref moved since it was resolved: fetch the exact commit asked for.
    await runGit(["fetch", "--depth", "1", "--no-tags", "--progress", "--", remote, commit], {
      ...options,
      cwd: gitDir,
    });
  }
}

export interface TreeEntry {
  path: string;
  sha: string;
  size: number;
}

/** Every regular file of a commit with its blob id and size (symlinks and submodules skipped). */
export async function listTree(gitDir: string, commit: string): Promise<TreeEntry[]> {
  const output = await runGit(["ls-tree", "-r", "-l", "-z", "--full-tree", commit], {
    cwd: gitDir,
  });
  const entries: TreeEntry[] = [];
  for (const record of output.toString("utf8").split("\0")) {
    const match = /^(\d+) blob ([0-9a-f]{40})\s+(\d+)\t(.+)$/s.exec(record);
    if (!match || (match[1] !== "100644" && match[1] !== "100755")) continue;
    entries.push({ path: match[4], sha: match[2], size: Number(match[3]) });
  }
  return entries;
}

/** Reads blobs through one `git cat-file --batch` process. */
export async function readBlobs(gitDir: string, shas: string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>();
  if (shas.length === 0) return blobs;
  const output = await runGit(["cat-file", "--batch"], {
    cwd: gitDir,
    input: `${shas.join("\n")}\n`,
  });
  let offset = 0;
  while (offset < output.length) {
    const newline = output.indexOf(10, offset);
    if (newline < 0) break;
    const header = output.subarray(offset, newline).toString();
    const [sha, type, sizeText] = header.split(" ");
    if (type === "missing" || !sizeText) {
      offset = newline + 1;
      continue;
    }
    const size = Number(sizeText);
    blobs.set(sha, output.subarray(newline + 1, newline + 1 + size));
    offset = newline + 1 + size + 1;
  }
  return blobs;
}
