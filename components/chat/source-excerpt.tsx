import "@/components/repo/code-theme.css";
import type { SourceExcerpt } from "@/lib/client/code/use-source-excerpt";

/** A few numbered, highlighted lines of a source; a quiet note while they load or when they cannot. */
export function SourceExcerptView({ excerpt }: { excerpt: SourceExcerpt }) {
  if (excerpt.status === "loading") {
    return (
      <div aria-busy="true" className="space-y-1.5 px-3 py-2">
        <span className="sr-only">Loading the lines…</span>
        <div className="h-3 w-3/4 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
        <div className="h-3 w-1/2 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
      </div>
    );
  }
  if (excerpt.status === "failed" || excerpt.lines.length === 0) {
    return (
      <p className="px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">
        These lines could not be read.
      </p>
    );
  }
  const digits = String(excerpt.first + excerpt.lines.length - 1).length;
  const width = `calc(${digits}ch + 1.25rem)`;
  return (
    <div
      data-testid="source-excerpt"
      className="code-text overflow-x-auto font-mono text-xs leading-5"
    >
      <pre className="w-max min-w-full py-1.5">
        {excerpt.lines.map((html, index) => (
          // A line's number is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div key={excerpt.first + index} className="flex">
            <span
              aria-hidden="true"
              style={{ width }}
              className="shrink-0 select-none pr-2 pl-3 text-right text-zinc-400 dark:text-zinc-500"
            >
              {excerpt.first + index}
            </span>
            <code
              className="pr-3 whitespace-pre"
              // biome-ignore lint/security/noDangerouslySetInnerHtml: highlightToLines escapes every line; markup comes only from grammar scopes.
              dangerouslySetInnerHTML={{ __html: html || " " }}
            />
          </div>
        ))}
      </pre>
      {excerpt.more > 0 ? (
        <p className="px-3 pb-1.5 font-sans text-[11px] text-zinc-500 dark:text-zinc-400">
          {excerpt.more} more line{excerpt.more === 1 ? "" : "s"}
        </p>
      ) : null}
    </div>
  );
}
