import { availableParallelism } from "node:os";

/** How many answers prepare at once: enough to keep the search thread and the cores busy. */
export const DEFAULT_PREPARING = Math.max(2, 2 * availableParallelism());

/**
 * Lets a few answers at a time do the CPU-bound part of their preparation on the main
 * thread (search results, the prompt, the request to the model); the others wait their turn,
 * in order, doing nothing. Under a load of chats the event loop then holds a bounded amount
 * of preparation work, so everything else it serves (health checks, pages, sockets, the
 * streams of answers already under way) keeps its latency, and answers start in the order
 * they were asked instead of all progressing together and all starting late.
 *
 * Nothing that can wait on the outside world for long (an index run, a model call) is done
 * while holding a place.
 */
export class PreparationGate {
  private active = 0;
  private readonly waiting: { admit: () => void }[] = [];

  constructor(private readonly limit = DEFAULT_PREPARING) {}

  /** Waits for a place; the returned function gives it back (once). A caller that aborts leaves the line. */
  async enter(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    if (this.active < this.limit) {
      this.active++;
    } else {
      await new Promise<void>((resolve, reject) => {
        const entry = {
          admit: () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        this.waiting.push(entry);
      });
    }
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      // The place passes straight to the next in line, so a newcomer cannot take it first.
      if (next) next.admit();
      else this.active--;
    };
  }

  /** Answers preparing now, and waiting for a place (for tests and diagnostics). */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}
