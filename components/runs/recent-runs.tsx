import Link from "next/link";
import { RunList } from "./run-list";
import { RunsEmptyState } from "./runs-empty-state";

const RECENT_LIMIT = 8;

export function RecentRuns() {
  return (
    <section aria-labelledby="recent-runs-heading">
      <div className="mb-3 flex items-baseline justify-between gap-4">
        <h2 id="recent-runs-heading" className="text-lg font-semibold tracking-tight">
          Recent runs
        </h2>
        <Link
          href="/research"
          className="rounded text-sm font-medium text-sky-700 hover:text-sky-900 hover:underline underline-offset-2 dark:text-sky-400 dark:hover:text-sky-300"
        >
          View all history <span aria-hidden="true">→</span>
        </Link>
      </div>
      <RunList
        query={{ limit: RECENT_LIMIT, offset: 0 }}
        label="Recent runs"
        empty={
          <RunsEmptyState title="No runs yet">
            Wiki generations and deep research show up here as they run, with their progress live.
            They keep going when you close the tab.
          </RunsEmptyState>
        }
      />
    </section>
  );
}
