import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "../errors";
import { redactSecret } from "../security/redact";
import type { RepoType } from "./source";

export interface GitOptions {
  cwd?: string;
  /** Access token for this one command; sent as an HTTP header from a private temp config. */
  token?: string;
  repoType?: RepoType;
  signal?: AbortSignal;
  timeoutMs?: number;
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
  lines.push("[http]");
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
      signal: options.signal,
      timeout: options.timeoutMs ?? 10 * 60_000,
    });
    const stdout: Buffer[] = [];
    let size = 0;
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) child.kill("SIGKILL");
      else stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 8_192) stderr += chunk.toString();
    });
    child.on("error", (error) => {
      if (options.signal?.aborted) reject(options.signal.reason ?? error);
      else reject(new AppError("unavailable:git", "git could not be started on the server"));
    });
    child.on("close", (code) => {
      if (options.signal?.aborted) return reject(options.signal.reason);
      if (code === 0) return resolve(Buffer.concat(stdout));
      const detail = redactSecret(stderr.trim().split("\n").slice(-3).join(" "), secrets);
      reject(new GitError(args[0] ?? "git", detail));
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
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
    if (/could not resolve host|unable to access|timed out|connection/i.test(detail)) {
      return new AppError("unavailable:repo", "The repository host could not be reached");
    }
    return new AppError("bad_request:repo", "git could not read the repository");
  }
  return error instanceof AppError
    ? error
    : new AppError("internal:repo", "Repository access failed");
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
  await runGit(["fetch", "--depth", "1", "--no-tags", "--quiet", "--", remote, target], {
    ...options,
    cwd: gitDir,
  });
  const fetched = (await runGit(["rev-parse", "FETCH_HEAD"], { cwd: gitDir })).toString().trim();
  if (fetched !== commit) {
    // The ref moved since it was resolved: fetch the exact commit asked for.
    await runGit(["fetch", "--depth", "1", "--no-tags", "--quiet", "--", remote, commit], {
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
