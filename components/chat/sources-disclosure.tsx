import Link from "next/link";
import { sourceHref } from "@/lib/client/code/source-links";
import type { SourceItem } from "@/lib/protocol/chat";

/** The passages an answer was given to read, each a link to its lines at the answer's commit. */
export function SourcesDisclosure({
  sources,
  repoId,
  commit,
}: {
  sources: readonly SourceItem[];
  repoId: string;
  commit?: string;
}) {
  if (sources.length === 0) return null;
  return (
    <details data-testid="answer-sources" className="group mt-3 text-sm">
      <summary className="inline-flex cursor-pointer select-none items-center gap-1 rounded-md px-1 py-0.5 font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className="size-3.5 transition-transform group-open:rotate-90 motion-reduce:transition-none"
          fill="currentColor"
        >
          <path d="M6 4l4 4-4 4z" />
        </svg>
        Sources ({sources.length})
      </summary>
      <ol className="mt-2 space-y-0.5 border-l border-zinc-200 pl-4 dark:border-zinc-800">
        {sources.map((source) => (
          <li key={`${source.path}:${source.start_line}-${source.end_line}`}>
            <Link
              href={sourceHref(repoId, source.path, {
                ref: commit,
                range: { start: source.start_line, end: source.end_line },
              })}
              className="font-mono text-xs text-sky-700 hover:underline dark:text-sky-300"
            >
              {source.path}:{source.start_line}-{source.end_line}
            </Link>
          </li>
        ))}
      </ol>
    </details>
  );
}
