import { formatLineHash, type LineRange } from "./line-range";

/** `/repos/github.com~octo~hello`: repo ids are URL-safe, encoded only for safety. */
export function repoHref(repoId: string): string {
  return `/repos/${encodeURIComponent(repoId)}`;
}

/** Ask for a repository, at one conversation when given: `/repos/{id}/ask/{chat_id}`. */
export function askHref(repoId: string, chatId: string | null = null): string {
  return `${repoHref(repoId)}/ask${chatId ? `/${encodeURIComponent(chatId)}` : ""}`;
}

/** Keeps a query value readable: slashes stay slashes, anything unsafe is escaped. */
const readable = (value: string) => encodeURIComponent(value).replace(/%2F/gi, "/");

/**
 * The source viewer at a file (or at no file yet: null), pinned to a commit when given,
 * with an optional line range: `/repos/{id}/source?path=src/cart.ts&ref=1a2b3c4d5e6f#L10-L20`.
 */
export function sourceHref(
  repoId: string,
  path: string | null,
  options: { ref?: string | null; range?: LineRange | null } = {},
): string {
  const query = [
    path ? `path=${readable(path)}` : null,
    options.ref ? `ref=${readable(options.ref)}` : null,
  ].filter(Boolean);
  const search = query.length ? `?${query.join("&")}` : "";
  return `${repoHref(repoId)}/source${search}${formatLineHash(options.range ?? null)}`;
}

/** The commit as people quote it. */
export const shortSha = (commit: string) => commit.slice(0, 12);
