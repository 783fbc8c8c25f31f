import { createHash } from "node:crypto";
import { eq, or, type SQL } from "drizzle-orm";
import { repositories } from "../db/schema";
import { AppError } from "../errors";
import type { Visibility } from "../protocol/visibility";

/**
 * Who may see what: the one place the rules live (README "Ownership and visibility").
 * Every surface (REST, /ws/chat, Socket.IO, DeepWiki, LDR, MCP) reaches objects through
 * lib functions that take the viewer and call these.
 *
 * - A repository is visible to its owner, and to everyone when it is `shared`.
 * - Its snapshots, files, search results, wikis and wiki pages follow it.
 * - Index and wiki-generation runs follow their repository too (a shared repository's wiki
 *   is shared work anyone who sees it may follow); every other run (research) and every
 *   chat is its owner's alone.
 * - Only the owner deletes a repository or changes its visibility.
 * - What a viewer may not see answers exactly as what does not exist: `404`.
 */

export { type Visibility, visibilities } from "../protocol/visibility";

/** Whoever is asking; any `Principal` is one. */
export interface Viewer {
  userId: string;
}

export interface OwnedRepository {
  ownerId: string;
  visibility: Visibility;
}

/** Run kinds whose runs are work on a repository and follow its visibility. */
export const REPOSITORY_RUN_KINDS: ReadonlySet<string> = new Set(["index", "wiki"]);

/**
 * The visibility of a repository being added: as asked, else `private` when it is added
 * with an access token (a private remote), else `shared`.
 */
/**
 * The id of a user's own row for a source whose first row (id = the source's id) another
 * user holds privately: each user who cannot see that row adds the source again as their
 * own, so a private repository never keeps anyone else from adding the same URL.
 */
export function ownRepositoryId(sourceId: string, userId: string): string {
  const owner = createHash("sha256").update(userId).digest("hex").slice(0, 12);
  return `${sourceId}~~${owner}`;
}

export function visibilityForNewRepository(request: {
  visibility?: Visibility;
  token?: string;
}): Visibility {
  return request.visibility ?? (request.token ? "private" : "shared");
}

export function canSeeRepository(viewer: Viewer, repository: OwnedRepository): boolean {
  return repository.visibility === "shared" || repository.ownerId === viewer.userId;
}

export function ownsRepository(viewer: Viewer, repository: OwnedRepository): boolean {
  return repository.ownerId === viewer.userId;
}

/** The repository when the viewer may see it; a missing or hidden one is the same 404. */
export function assertCanSeeRepository<Repository extends OwnedRepository>(
  viewer: Viewer,
  repository: Repository | null | undefined,
): Repository {
  if (!repository || !canSeeRepository(viewer, repository)) throw repositoryNotFound();
  return repository;
}

/**
 * The repository when the viewer owns it (delete, change visibility): hidden is 404 as
 * above; a shared one of someone else is visible, so refusing it reveals nothing: 403.
 */
export function assertOwnsRepository<Repository extends OwnedRepository>(
  viewer: Viewer,
  repository: Repository | null | undefined,
): Repository {
  const visible = assertCanSeeRepository(viewer, repository);
  if (!ownsRepository(viewer, visible))
    throw new AppError("forbidden:repo", "Only the repository's owner may do this");
  return visible;
}

/** The SQL condition on `repositories` of the rows the viewer sees (lists, joins). */
export function visibleRepositoryWhere(viewer: Viewer): SQL {
  return or(eq(repositories.visibility, "shared"), eq(repositories.ownerId, viewer.userId)) as SQL;
}

export function canSeeChat(viewer: Viewer, chat: { userId: string }): boolean {
  return chat.userId === viewer.userId;
}

/**
 * A run is visible to the user who started it; an index or wiki run also to everyone who
 * sees its repository (`repository`: the one the run works on, null when unknown or gone).
 */
export function canSeeRun(
  viewer: Viewer,
  run: { userId: string; kind: string },
  repository: OwnedRepository | null,
): boolean {
  if (run.userId === viewer.userId) return true;
  return (
    REPOSITORY_RUN_KINDS.has(run.kind) &&
    repository !== null &&
    canSeeRepository(viewer, repository)
  );
}

/** Cancelling or deleting a run is for the user who started it. */
export function ownsRun(viewer: Viewer, run: { userId: string }): boolean {
  return run.userId === viewer.userId;
}

export function repositoryNotFound(): AppError {
  return new AppError("not_found:repo", "Repository not found");
}
