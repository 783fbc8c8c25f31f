"use client";

import Link from "next/link";
import { useMemo } from "react";
import { groupSources, type SourceCard } from "@/lib/client/chat/source-cards";
import { describeRange } from "@/lib/client/code/line-range";
import { sourceHref } from "@/lib/client/code/source-links";
import { useSourceExcerpt } from "@/lib/client/code/use-source-excerpt";
import type { Citation } from "@/lib/protocol/chat";
import { SourceExcerptView } from "./source-excerpt";

/** Lines of a passage a card shows. */
const CARD_LINES = 6;

interface SourceCardsProps {
  sources: readonly {
    path: string;
    start_line: number;
    end_line: number;
    symbol?: string;
    cited?: boolean;
  }[];
  /** The text the sources were read for: what it cites becomes a card. */
  content: string;
  citations?: readonly Citation[];
  /** Without a repository there is nowhere to read or link the lines: plain rows. */
  repoId: string | null;
  commit?: string;
  heading: string;
  testId: string;
}

/**
 * The sources of an answer or a report: a card for each passage the text cites (file,
 * lines, symbol and its first lines, highlighted), each opening the source viewer at those
 * lines; the other passages read under "Also read", collapsed.
 */
export function SourceCards(props: SourceCardsProps) {
  const { sources, content, citations, repoId, commit } = props;
  const groups = useMemo(
    () => groupSources({ sources, content, citations }),
    [sources, content, citations],
  );
  if (groups.shown.length === 0 && groups.alsoRead.length === 0) return null;
  return (
    <section data-testid={props.testId} aria-label="Sources" className="mt-4 text-sm">
      <h3 className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">
        {props.heading}
      </h3>
      {groups.shown.length > 0 ? (
        <ul className="grid gap-2 sm:grid-cols-[repeat(auto-fill,minmax(18rem,1fr))]">
          {groups.shown.map((card) => (
            <li key={card.key} className="min-w-0">
              <SourceCardView card={card} repoId={repoId} commit={commit} />
            </li>
          ))}
        </ul>
      ) : null}
      {groups.alsoRead.length > 0 ? (
        <details data-testid="also-read" className="group mt-2">
          <summary className="inline-flex cursor-pointer select-none items-center gap-1 rounded-md px-1 py-0.5 text-xs font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
            <svg
              aria-hidden="true"
              viewBox="0 0 16 16"
              className="size-3.5 transition-transform group-open:rotate-90 motion-reduce:transition-none"
              fill="currentColor"
            >
              <path d="M6 4l4 4-4 4z" />
            </svg>
            Also read ({groups.alsoRead.length})
          </summary>
          <ol className="mt-1 space-y-0.5 border-l border-zinc-200 pl-4 dark:border-zinc-800">
            {groups.alsoRead.map((card) => (
              <li key={card.key} className="flex min-w-0 items-baseline gap-2 text-xs">
                <SourceLink card={card} repoId={repoId} commit={commit} />
                {card.symbol ? <SymbolName symbol={card.symbol} /> : null}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

function SourceCardView({
  card,
  repoId,
  commit,
}: {
  card: SourceCard;
  repoId: string | null;
  commit?: string;
}) {
  const excerpt = useSourceExcerpt(
    { repoId: repoId ?? "", path: card.path, ref: commit, start: card.start, end: card.end },
    CARD_LINES,
    repoId !== null,
  );
  return (
    <article
      data-testid="source-card"
      aria-label={`${card.path}, ${describeRange(card)}`}
      className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
    >
      <header className="flex min-w-0 items-baseline gap-2 border-b border-zinc-100 bg-zinc-50 px-3 py-1.5 dark:border-zinc-800 dark:bg-zinc-900">
        <SourceLink card={card} repoId={repoId} commit={commit} />
        {card.symbol ? <SymbolName symbol={card.symbol} /> : null}
      </header>
      {repoId ? <SourceExcerptView excerpt={excerpt} /> : null}
    </article>
  );
}

/** `src/cart.ts:10-24`, a link into the viewer at those lines when there is a repository. */
function SourceLink({
  card,
  repoId,
  commit,
}: {
  card: SourceCard;
  repoId: string | null;
  commit?: string;
}) {
  const label = `${card.path}:${card.start}-${card.end}`;
  const className = "min-w-0 truncate font-mono text-xs";
  if (!repoId) return <span className={className}>{label}</span>;
  return (
    <Link
      href={sourceHref(repoId, card.path, {
        ref: commit,
        range: { start: card.start, end: card.end },
      })}
      title={label}
      className={`${className} text-sky-700 hover:underline dark:text-sky-300`}
    >
      {label}
    </Link>
  );
}

function SymbolName({ symbol }: { symbol: string }) {
  return (
    <code
      data-testid="source-symbol"
      className="ml-auto shrink-0 truncate rounded bg-violet-50 px-1 text-[11px] text-violet-800 dark:bg-violet-400/10 dark:text-violet-300"
    >
      {symbol}
    </code>
  );
}
