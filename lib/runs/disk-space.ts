import { statfsSync } from "node:fs";
import { AppError } from "../errors";
import { logger } from "../log";

const MB = 1024 * 1024;
/** Long enough that a hot path (every step, every start) costs no syscall, short enough to notice a filling disk. */
const CACHE_MS = 1_000;

export interface DiskReading {
  /** Free megabytes an unprivileged process may use; null when the filesystem cannot be asked. */
  freeMb: number | null;
  minFreeMb: number;
  low: boolean;
}

/** Bytes available to this process on the filesystem holding `dir`. */
export type FreeBytesReader = (dir: string) => number;

export interface DiskSpaceOptions {
  /** DATA_DIR: the database (with PGlite), clones, search indexes. */
  dir: string;
  minFreeMb: number;
  readFreeBytes?: FreeBytesReader;
  now?: () => number;
}

const readFreeBytesWithStatfs: FreeBytesReader = (dir) => {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
};

const log = logger("disk");

/** DATA_DIR's free space against MIN_FREE_DISK_MB: what refuses new work and pauses running work. */
export class DiskSpace {
  private cached: { reading: DiskReading; at: number } | undefined;
  private unreadable = false;

  constructor(private readonly options: DiskSpaceOptions) {}

  check(): DiskReading {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && now - this.cached.at < CACHE_MS) return this.cached.reading;
    const reading = this.measure();
    this.cached = { reading, at: now };
    return reading;
  }

  /** Throws the 507 that tells the user what to free. */
  assertRoom(): void {
    const reading = this.check();
    if (!reading.low) return;
    throw new AppError(
      "insufficient_storage:disk",
      `Not enough free disk space: ${describeShortfall(reading)}. Free space on that disk ` +
        "(delete unused files, or repositories and wikis you no longer need) and try again.",
    );
  }

  private measure(): DiskReading {
    const { minFreeMb } = this.options;
    try {
      const freeMb = Math.floor(
        (this.options.readFreeBytes ?? readFreeBytesWithStatfs)(this.options.dir) / MB,
      );
      this.unreadable = false;
      return { freeMb, minFreeMb, low: freeMb < minFreeMb };
    } catch (error) {
      // A filesystem that cannot report its space must not stop all work: the check is skipped.
      if (!this.unreadable) log.warn("cannot read free space; not checking it", { error });
      this.unreadable = true;
      return { freeMb: null, minFreeMb, low: false };
    }
  }
}

/** "DATA_DIR has 120 MB free, needs 500 MB": the part every disk message shares. */
export function describeShortfall(reading: DiskReading): string {
  return `DATA_DIR has ${reading.freeMb ?? "unknown"} MB free, needs ${reading.minFreeMb} MB (MIN_FREE_DISK_MB)`;
}

/** Postgres's SQLSTATE for a full disk. */
const PG_DISK_FULL = "53100";

/** True for a write that failed because the disk is full, from the filesystem or from Postgres. */
export function isDiskFullError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (code === "ENOSPC" || code === "EDQUOT" || code === PG_DISK_FULL) return true;
    if (
      typeof message === "string" &&
      /no space left on device|could not extend file/i.test(message)
    )
      return true;
    current = cause;
  }
  return false;
}
