import type { RepositoryDetail, RepositorySummary } from "@/lib/client/repos/repo-schemas";

type Named = Pick<RepositorySummary | RepositoryDetail, "owner" | "name" | "kind">;

/** "octo/hello-world" for hosted repositories; a local folder is known by its name. */
export function repositoryTitle(repository: Named): string {
  return repository.kind === "local" ? repository.name : `${repository.owner}/${repository.name}`;
}

/** "1,204 files · 8,311 chunks" */
export function contentCounts(files: number | null, chunks: number | null): string | null {
  if (files === null) return null;
  const count = (value: number, one: string, many: string) =>
    `${value.toLocaleString("en")} ${value === 1 ? one : many}`;
  return chunks === null
    ? count(files, "file", "files")
    : `${count(files, "file", "files")} · ${count(chunks, "chunk", "chunks")}`;
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
  const [host, ...rest] = repoId.split("~");
  if (host === "local" && rest.length === 1) return rest[0].replace(/-[0-9a-f]{10}$/, "");
  return rest.length > 0 ? rest.join("/") : repoId;
}
