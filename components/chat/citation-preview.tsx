"use client";

import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from "react";
import { describeRange, type LineRange } from "@/lib/client/code/line-range";
import { shortSha } from "@/lib/client/code/source-links";
import { useSourceExcerpt } from "@/lib/client/code/use-source-excerpt";
import { SourceExcerptView } from "./source-excerpt";

/** Lines a preview shows at most. */
const PREVIEW_LINES = 16;
const OPEN_DELAY_MS = 250;
const WIDTH_PX = 512;

interface Place {
  left: number;
  top?: number;
  bottom?: number;
}

/**
 * A citation that shows the lines it cites when hovered or focused: a popover read from
 * the source API (cached per commit and file), closed by moving away, blurring, Escape or
 * scrolling. It is placed against the window, so a scrolling panel does not clip it.
 */
export function CitationPreview({
  repoId,
  path,
  commit,
  range,
  children,
}: {
  repoId: string;
  path: string;
  commit?: string;
  range: LineRange;
  /** The citation's link, given the popover's id while it is open. */
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const anchor = useRef<HTMLSpanElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [place, setPlace] = useState<Place | null>(null);
  const excerpt = useSourceExcerpt(
    { repoId, path, ref: commit, start: range.start, end: range.end },
    PREVIEW_LINES,
    place !== null,
  );

  const show = useCallback(() => {
    const box = anchor.current?.getBoundingClientRect();
    if (!box) return;
    const width = Math.min(WIDTH_PX, window.innerWidth - 16);
    const left = Math.max(8, Math.min(box.left, window.innerWidth - width - 8));
    const below = window.innerHeight - box.bottom;
    setPlace(
      below >= 220 || below >= box.top
        ? { left, top: box.bottom + 4 }
        : { left, bottom: window.innerHeight - box.top + 4 },
    );
  }, []);
  const hide = useCallback(() => {
    clearTimeout(timer.current);
    setPlace(null);
  }, []);

  useEffect(() => {
    if (!place) return;
    window.addEventListener("scroll", hide, { capture: true, passive: true });
    window.addEventListener("resize", hide);
    return () => {
      window.removeEventListener("scroll", hide, { capture: true });
      window.removeEventListener("resize", hide);
    };
  }, [place, hide]);
  useEffect(() => () => clearTimeout(timer.current), []);

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the link inside is what is focused; this only watches it.
    <span
      ref={anchor}
      onMouseEnter={() => {
        clearTimeout(timer.current);
        timer.current = setTimeout(show, OPEN_DELAY_MS);
      }}
      onMouseLeave={hide}
      onFocus={show}
      onBlur={hide}
      onKeyDown={(event) => {
        if (event.key === "Escape" && place) {
          // Closes the preview only; a second Escape reaches the page (stop the answer).
          event.stopPropagation();
          hide();
        }
      }}
    >
      {children(place ? id : undefined)}
      {place ? (
        <span
          id={id}
          role="tooltip"
          data-testid="citation-preview"
          style={{ ...place, width: Math.min(WIDTH_PX, window.innerWidth - 16) }}
          className="fixed z-50 block overflow-hidden rounded-lg border border-zinc-200 bg-white text-left shadow-xl dark:border-zinc-700 dark:bg-zinc-950"
        >
          <span className="flex items-baseline gap-2 border-b border-zinc-100 bg-zinc-50 px-3 py-1.5 text-xs dark:border-zinc-800 dark:bg-zinc-900">
            <span className="min-w-0 truncate font-mono">{path}</span>
            <span className="shrink-0 text-zinc-500 dark:text-zinc-400">
              {describeRange(range)}
              {commit ? ` at ${shortSha(commit)}` : ""}
            </span>
          </span>
          <span className="block max-h-80 overflow-auto">
            <SourceExcerptView excerpt={excerpt} />
          </span>
        </span>
      ) : null}
    </span>
  );
}
