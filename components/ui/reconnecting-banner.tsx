import type { FeedTransport } from "@/lib/client/runs/follow-run";

/**
 * Said on every live page while neither the progress socket nor polling reaches the
 * server: what is shown may be behind, and it catches up by itself when the server answers.
 */
export function ReconnectingBanner({ transport }: { transport: FeedTransport | null }) {
  if (transport !== "reconnecting") return null;
  return (
    <div
      role="status"
      data-testid="reconnecting"
      className="mb-4 flex items-center gap-2 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
    >
      <span
        aria-hidden="true"
        className="size-2 animate-pulse rounded-full bg-amber-500 motion-reduce:animate-none"
      />
      Reconnecting to the server… Progress shown here may be behind; it catches up by itself.
    </div>
  );
}
