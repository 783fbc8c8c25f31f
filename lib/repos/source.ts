import { createHash } from "node:crypto";
import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { AppError, isAppError } from "../errors";
import { typeOfHost } from "./host-type";
import { MISSING_FOLDER } from "./source-errors";

export type RepoType = "github" | "gitlab" | "bitbucket" | "local" | "git";

/** A parsed, normalised source. Equal sources have equal `id`s; nothing here holds a token. */
export type RepoSource =
  | {
      kind: "git";
      id: string;
      type: RepoType;
      /** https URL without credentials, `.git`, trailing slash; host lower-cased. */
      url: string;
      host: string;
      owner: string;
      name: string;
    }
  | { kind: "local"; id: string; type: "local"; path: string; owner: string; name: string };

// Path segments of a repository URL: what hosts allow in group and project names.
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/;
const SHORTHAND = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/;

/**
 * Parses what a user typed: an https git URL (any host, GitLab subgroups), GitHub's
 * `owner/repo`, or a local folder / `file://` URL under one of `localRoots`.
 */
export function parseRepoSource(input: string, localRoots: string[]): RepoSource {
  const raw = input.trim();
  if (raw === "" || raw.length > 2_000) throw bad("repo_url is empty or too long");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\s]/.test(raw))
    throw bad("repo_url must not contain spaces or control characters");
  const shorthand = SHORTHAND.exec(raw);
  if (shorthand && !raw.startsWith(".")) {
    return gitSource("github.com", [shorthand[1], stripGit(shorthand[2])], "github");
  }
  if (raw.startsWith("file://")) return localSource(fileUrlPath(raw), localRoots);
  if (raw.startsWith("/") || raw.startsWith("./") || raw.startsWith("~")) {
    return localSource(raw, localRoots);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw bad("repo_url must be an https URL, owner/repo, or an allowed local path");
  }
  if (url.protocol !== "https:")
    throw bad(`Only https repository URLs are allowed, not ${url.protocol}//`);
  if (url.username || url.password) {
    throw bad("Put access tokens in the token field, not in the URL");
  }
  if (url.search || url.hash) throw bad("repo_url must not have a query or fragment");
  if (url.port && url.port !== "443") throw bad("repo_url must use the default https port");
  const segments = url.pathname.split("/").filter(Boolean).map(decodeSegment);
  if (segments.length < 2) throw bad("repo_url must name a repository: https://host/owner/repo");
  segments[segments.length - 1] = stripGit(segments[segments.length - 1]);
  for (const segment of segments) {
    if (!SEGMENT.test(segment)) throw bad("repo_url contains characters that are not allowed");
  }
  const host = url.hostname.toLowerCase();
  return gitSource(host, segments, typeOfHost(host));
}

function gitSource(host: string, segments: string[], type: RepoType): RepoSource {
  // GitLab-style hosts nest groups: everything but the last segment is the owner.
  const name = segments[segments.length - 1];
  const owner = segments.slice(0, -1).join("/");
  // GitHub and Bitbucket names are case-insensitive; elsewhere case is kept.
  const caseless = type === "github" || type === "bitbucket";
  const key = [host, ...segments].map((part) => (caseless ? part.toLowerCase() : part));
  return {
    kind: "git",
    id: key.join("~"),
    type,
    url: `https://${host}/${segments.join("/")}`,
    host,
    owner,
    name,
  };
}

function localSource(candidate: string, localRoots: string[]): RepoSource {
  if (localRoots.length === 0) {
    throw bad("Local repositories are disabled: set CARTOGRAPH_LOCAL_ROOTS to allow folders");
  }
  const absolute = path.resolve(candidate);
  const roots = localRoots.map(realpathOrNull).filter((root) => root !== null);
  const resolved = realpathOrNull(absolute);
  // Whether a path exists is told only inside the roots: outside them every path is refused
  // alike, so the answer reveals nothing about the server's other folders.
  const located = resolved ?? nearestExisting(absolute);
  if (!roots.some((root) => isInside(located, root))) {
    throw bad("That folder is not under an allowed local root (CARTOGRAPH_LOCAL_ROOTS)");
  }
  if (resolved === null) throw new AppError(MISSING_FOLDER, "That local folder does not exist");
  if (!statSync(resolved).isDirectory()) throw bad("That local path is not a folder");
  const name = path.basename(resolved);
  const digest = createHash("sha256").update(resolved).digest("hex").slice(0, 10);
  return {
    kind: "local",
    id: `local~${name.replace(/[^A-Za-z0-9._-]/g, "-")}-${digest}`,
    type: "local",
    path: resolved,
    owner: "local",
    name,
  };
}

/**
 * The nearest ancestor of a missing path that exists, links resolved: the missing rest
 * cannot lead anywhere else, so the path is inside a root exactly when this is.
 */
function nearestExisting(absolute: string): string {
  for (let current = path.dirname(absolute); ; current = path.dirname(current)) {
    const real = realpathOrNull(current);
    if (real !== null || current === path.dirname(current)) return real ?? current;
  }
}

function realpathOrNull(candidate: string): string | null {
  try {
    return realpathSync(path.resolve(candidate));
  } catch {
    return null;
  }
}

/** True when `child` is `parent` or below it (both real paths). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

function fileUrlPath(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.host !== "") throw bad("file:// URLs must not name a host");
    return decodeURIComponent(url.pathname);
  } catch (error) {
    if (isAppError(error)) throw error;
    throw bad("repo_url is not a valid file:// URL");
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw bad("repo_url contains characters that are not allowed");
  }
}

const stripGit = (name: string) => name.replace(/\.git$/i, "");

function bad(message: string): AppError {
  return new AppError("bad_request:repo", message);
}
