import { logger } from "../log";

const log = logger("repos");

export interface FolderCommitsOptions {
  /** The folder's pseudo-commit: a digest of every file's content (reads them all). */
  hash: (folder: string) => Promise<string>;
  /** A cheap fingerprint of the folder: its paths, sizes and times (reads no file). */
  signature: (folder: string) => Promise<string>;
  /** How long a commit is answered before the folder is looked at again (default 60 s). */
  checkEveryMs?: number;
  now?: () => number;
  /** Folders remembered; the least recently hashed are let go. */
  maxFolders?: number;
}

interface Known {
  commit: string;
  signature: string;
  checkedAt: number;
}

/**
 * Plain folders' pseudo-commits, remembered: hashing a folder reads every file (seconds for
 * tens of thousands), so a chat about an indexed folder never does it. A remembered commit
 * is answered at once; when it is older than `checkEveryMs`, the folder is looked at in the
 * background, cheaply first (its signature), and hashed again only when that changed: the
 * chats after that see the new commit. Adding the folder again (refresh) hashes it now.
 */
export class FolderCommits {
  private readonly known = new Map<string, Known>();
  /** Hashes in progress, shared by whoever asks meanwhile. */
  private readonly hashing = new Map<string, Promise<string>>();
  private readonly checking = new Set<string>();
  private readonly checkEveryMs: number;
  private readonly now: () => number;
  private readonly maxFolders: number;

  constructor(private readonly options: FolderCommitsOptions) {
    this.checkEveryMs = options.checkEveryMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.maxFolders = options.maxFolders ?? 1_000;
  }

  /**
   * The folder's commit as last hashed, without touching the folder; null when it has not
   * been hashed yet. When it is due, a check starts in the background.
   */
  peek(folder: string): string | null {
    const known = this.known.get(folder);
    if (!known) return null;
    if (this.now() - known.checkedAt >= this.checkEveryMs) void this.check(folder, known);
    return known.commit;
  }

  /** The remembered commit (as `peek`), else the folder hashed now. */
  async current(folder: string): Promise<string> {
    return this.peek(folder) ?? this.refresh(folder);
  }

  /** The folder hashed now (adding it on purpose); a hash already under way is shared. */
  refresh(folder: string): Promise<string> {
    const pending = this.hashing.get(folder);
    if (pending) return pending;
    const hashing = (async () => {
      // Fingerprinted before hashing: a change made while hashing shows at the next check.
      const signature = await this.options.signature(folder);
      const commit = await this.options.hash(folder);
      this.remember(folder, { commit, signature, checkedAt: this.now() });
      return commit;
    })().finally(() => this.hashing.delete(folder));
    this.hashing.set(folder, hashing);
    return hashing;
  }

  private async check(folder: string, known: Known): Promise<void> {
    if (this.checking.has(folder) || this.hashing.has(folder)) return;
    this.checking.add(folder);
    try {
      const signature = await this.options.signature(folder);
      if (signature === known.signature) {
        this.remember(folder, { ...known, checkedAt: this.now() });
      } else {
        await this.refresh(folder);
      }
    } catch (error) {
      // Gone or unreadable: forgotten, so the next request finds out for itself.
      this.known.delete(folder);
      log.warn("a local folder could not be checked for changes", { error });
    } finally {
      this.checking.delete(folder);
    }
  }

  private remember(folder: string, known: Known): void {
    this.known.delete(folder);
    this.known.set(folder, known);
    while (this.known.size > this.maxFolders) {
      const oldest = this.known.keys().next().value;
      if (oldest === undefined) break;
      this.known.delete(oldest);
    }
  }
}
