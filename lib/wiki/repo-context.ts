import { and, asc, eq, inArray } from "drizzle-orm";
import { buildRepoMap, type MappedFile, type RepoMap } from "../analysis/repo-map";
import type { FileSymbol } from "../analysis/types";
import type { Database } from "../db/client";
import { blobs, files } from "../db/schema";

export interface RepoFileText {
  path: string;
  content: string;
}

/** What the planner and the structural wiki read: the repo map, the README and the manifests. */
export interface RepoContext {
  files: MappedFile[];
  map: RepoMap;
  readme: RepoFileText | null;
  manifests: RepoFileText[];
}

const README = /^readme(\.(md|markdown|rst|txt))?$/i;
const MANIFEST_CHARS = 3_000;
const README_CHARS = 8_000;

/** Loads a snapshot's files (with the symbols and imports stored by the index) into a repo map. */
export async function loadRepoContext(db: Database, snapshotId: string): Promise<RepoContext> {
  const rows = await db
    .select({
      path: files.path,
      language: files.language,
      size: files.size,
      symbols: files.symbols,
      imports: files.imports,
    })
    .from(files)
    .where(eq(files.snapshotId, snapshotId))
    .orderBy(asc(files.path));
  const mapped: MappedFile[] = rows.map((row) => ({
    path: row.path,
    language: row.language,
    size: row.size,
    symbols: row.symbols as FileSymbol[],
    imports: row.imports as string[],
  }));
  const map = buildRepoMap(mapped);
  const readmePath = mapped.map((file) => file.path).find((path) => README.test(path));
  const texts = await fileTexts(db, snapshotId, [
    ...(readmePath ? [readmePath] : []),
    ...map.manifests.slice(0, 6),
  ]);
  const readme = readmePath ? texts.get(readmePath) : undefined;
  return {
    files: mapped,
    map,
    readme: readme ? { path: readmePath!, content: readme.slice(0, README_CHARS) } : null,
    manifests: map.manifests
      .slice(0, 6)
      .filter((path) => texts.has(path))
      .map((path) => ({ path, content: texts.get(path)!.slice(0, MANIFEST_CHARS) })),
  };
}

/** Full texts of some files of a snapshot, by path. */
export async function fileTexts(
  db: Database,
  snapshotId: string,
  paths: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (paths.length === 0) return found;
  const rows = await db
    .select({ path: files.path, content: blobs.content })
    .from(files)
    .innerJoin(blobs, eq(blobs.sha, files.blobSha))
    .where(and(eq(files.snapshotId, snapshotId), inArray(files.path, paths)));
  for (const row of rows) found.set(row.path, row.content);
  return found;
}
