import { logger } from "../log";
import { type DiskSpace, describeShortfall } from "./disk-space";

/**
 * Runs pause at their next step once the disk is low; one still inside a step this long
 * after is stopped mid-step, since what it is writing may not fit (the step runs again).
 */
const LOW_ABORT_AFTER_MS = 5_000;
/** After a write failed for a full disk, claims wait this long, doubling up to the maximum. */
const DISK_FULL_BACKOFF_MS = { first: 1_000, max: 30_000 };

const log = logger("runs");

/** What the worker knows about the disk: whether to claim, write, or stop what runs. */
export class DiskPressure {
  /** When DATA_DIR's free space fell below the minimum; null while there is room. */
  private lowSince: number | null = null;
  private writesHeldUntil = 0;
  private backoffMs = 0;

  constructor(private readonly disk: DiskSpace | undefined) {}

  /** Whether DATA_DIR has room; says so in the log once each time that changes. */
  hasRoom(): boolean {
    const reading = this.disk?.check();
    if (!reading) return true;
    if (reading.low && this.lowSince === null) {
      this.lowSince = Date.now();
      log.warn(`disk space low, runs pause: ${describeShortfall(reading)}`);
    } else if (!reading.low && this.lowSince !== null) {
      this.lowSince = null;
      log.info("disk space is back, runs continue", { free_mb: reading.freeMb });
    }
    return !reading.low;
  }

  /** True once the disk has been low long enough that runs still inside a step must stop. */
  lowTooLong(): boolean {
    return (
      !this.hasRoom() && this.lowSince !== null && Date.now() - this.lowSince >= LOW_ABORT_AFTER_MS
    );
  }

  /** What a paused run tells its followers. */
  shortfall(): string {
    const reading = this.disk?.check();
    return reading?.low ? describeShortfall(reading) : "the disk is full";
  }

  /** False while claims and recovery back off after a write failed for a full disk. */
  mayWrite(): boolean {
    return Date.now() >= this.writesHeldUntil;
  }

  /** Without this a full disk is a hot loop: claim, fail to write, requeue, claim again. */
  holdWritesAfterDiskFull(error: unknown): void {
    this.backoffMs = Math.min(
      DISK_FULL_BACKOFF_MS.max,
      this.backoffMs ? this.backoffMs * 2 : DISK_FULL_BACKOFF_MS.first,
    );
    this.writesHeldUntil = Date.now() + this.backoffMs;
    log.warn("a write failed for a full disk; waiting before claiming again", {
      wait_ms: this.backoffMs,
      error,
    });
  }

  /** The database took a run's final write: whatever filled the disk is over. */
  writeSucceeded(): void {
    this.backoffMs = 0;
  }
}
