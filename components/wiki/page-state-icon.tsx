import type { WikiPageStatus } from "@/lib/protocol/wiki";

export type PageState = WikiPageStatus | "stale";

export const pageStateLabels: Record<PageState, string> = {
  pending: "waiting to be written",
  generating: "being written",
  done: "written",
  failed: "failed",
  stale: "out of date",
};

/**
 * A page's state: an icon for the eye and, unless the caller words it itself (after the
 * page's title, say), a word for screen readers.
 */
export function PageStateIcon({ state, spoken = true }: { state: PageState; spoken?: boolean }) {
  return (
    <span
      data-testid="page-state"
      data-state={state}
      title={spoken ? pageStateLabels[state] : undefined}
      aria-hidden={spoken ? undefined : true}
      className="inline-flex size-4 shrink-0 items-center justify-center"
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className={`size-3.5 ${tone[state]}`}>
        {glyph[state]}
      </svg>
      {spoken ? <span className="sr-only">({pageStateLabels[state]})</span> : null}
    </span>
  );
}

const tone: Record<PageState, string> = {
  pending: "text-zinc-400 dark:text-zinc-600",
  generating: "animate-spin text-sky-600 motion-reduce:animate-none dark:text-sky-400",
  done: "text-emerald-600 dark:text-emerald-400",
  failed: "text-red-600 dark:text-red-400",
  stale: "text-amber-600 dark:text-amber-400",
};

const stroke = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
} as const;

const glyph: Record<PageState, React.ReactNode> = {
  pending: <circle cx="8" cy="8" r="5" {...stroke} strokeWidth={1.5} strokeDasharray="2 2" />,
  generating: <path d="M8 3a5 5 0 1 1-5 5" {...stroke} />,
  done: <path d="M3.5 8.5l3 3 6-7" {...stroke} />,
  failed: <path d="M4.5 4.5l7 7M11.5 4.5l-7 7" {...stroke} />,
  stale: <circle cx="8" cy="8" r="3.5" fill="currentColor" />,
};
