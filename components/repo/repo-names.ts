import type { RepositoryDetail, RepositorySummary } from "@/lib/client/repos/repo-schemas";
import { describeSkipped } from "@/lib/protocol/index-summary";

type Named = Pick<RepositorySummary | RepositoryDetail, "owner" | "name" | "kind">;

/** "octo/hello-world" for hosted repositories; a local folder is known by its name. */
export function repositoryTitle(repository: Named): string {
  return repository.kind === "local" ? repository.name : `${repository.owner}/${repository.name}`;
}

/** "1,204 files · 8,311 chunks · 30 skipped: 28 vendored or build output, 2 too large" */
export function contentCounts(
  files: number | null,
  chunks: number | null,
  skipped: Record<string, number> = {},
): string | null {
  if (files === null) return null;
  const count = (value: number, one: string, many: string) =>
    `${value.toLocaleString("en")} ${value === 1 ? one : many}`;
  const left = describeSkipped(skipped);
  return [
    count(files, "file", "files"),
    chunks === null ? null : count(chunks, "chunk", "chunks"),
    left || null,
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The route segment as an id; ids are URL-safe, so only a hand-typed address needs decoding. */
export function decodeRepoId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A readable name from the id alone, for page titles: `github.com~octo~hello` → "octo/hello". */
export function titleFromRepoId(repoId: string): string {
  // A user's own copy of a source (`…~~<owner hash>`) reads as the source.
  const [host, ...rest] = repoId.replace(/~~[0-9a-f]+$/, "").split("~");
  if (host === "local" && rest.length === 1) return rest[0].replace(/-[0-9a-f]{10}$/, "");
  return rest.length > 0 ? rest.join("/") : repoId;
}
