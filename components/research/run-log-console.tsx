"use client";

import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { type LogFilter, matchesLogFilter } from "@/lib/client/runs/run-labels";
import type { LogLine } from "@/lib/client/runs/run-state";

/** Every row has this height, so only the rows in view need to be in the page. */
const ROW_PX = 24;
const VIEW_PX = 320;
const OVERSCAN = 10;

const filters: { id: LogFilter; label: string }[] = [
  { id: "all", label: "All" },
  { id: "milestones", label: "Milestones" },
  { id: "problems", label: "Warnings & errors" },
];

const tone: Record<LogLine["type"], string> = {
  info: "text-zinc-600 dark:text-zinc-400",
  milestone: "font-semibold text-sky-800 dark:text-sky-300",
  warning: "text-amber-800 dark:text-amber-300",
  error: "text-red-700 dark:text-red-400",
};

const clock = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const timeOf = (iso: string) => {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? "" : clock.format(time);
};

/**
 * The run's log, filtered, in a fixed-height window that renders only the rows in view,
 * so thousands of lines cost what forty do. It follows new lines while the reader is at
 * the end; a reader who scrolled up stays put and is told how many lines arrived since.
 */
export function RunLogConsole({ lines }: { lines: readonly LogLine[] }) {
  const [filter, setFilter] = useState<LogFilter>("all");
  const shown = useMemo(
    () => (filter === "all" ? lines : lines.filter((line) => matchesLogFilter(line, filter))),
    [lines, filter],
  );
  const counts = useMemo(() => {
    let milestones = 0;
    let problems = 0;
    for (const line of lines) {
      if (line.type === "milestone") milestones++;
      else if (line.type === "warning" || line.type === "error") problems++;
    }
    return { all: lines.length, milestones, problems };
  }, [lines]);

  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(VIEW_PX);
  const [unseenFrom, setUnseenFrom] = useState<number | null>(null);
  const id = useId();

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    let frame = 0;
    const onScroll = () => {
      following.current =
        element.scrollHeight - element.scrollTop - element.clientHeight < ROW_PX * 1.5;
      if (following.current) setUnseenFrom(null);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setScrollTop(element.scrollTop));
    };
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || VIEW_PX));
    observer.observe(element);
    element.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      element.removeEventListener("scroll", onScroll);
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when lines arrive or the filter changes.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (following.current) {
      element.scrollTop = element.scrollHeight;
      setScrollTop(element.scrollTop);
    } else {
      setUnseenFrom((from) => from ?? shown.length);
    }
  }, [shown.length, filter]);

  const jumpToEnd = () => {
    const element = scroller.current;
    if (!element) return;
    following.current = true;
    setUnseenFrom(null);
    element.scrollTop = element.scrollHeight;
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scrollTop + height) / ROW_PX) + OVERSCAN);
  const unseen = unseenFrom === null ? 0 : Math.max(0, shown.length - unseenFrom);

  return (
    <section aria-labelledby={`${id}-title`} className="min-w-0">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-title`} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
          Log{" "}
          <span data-testid="log-count" className="font-normal text-zinc-500 tabular-nums">
            ({lines.length} {lines.length === 1 ? "entry" : "entries"})
          </span>
        </h2>
        <fieldset className="flex gap-1 text-xs">
          <legend className="sr-only">Show</legend>
          {filters.map((option) => (
            <button
              key={option.id}
              type="button"
              aria-pressed={filter === option.id}
              onClick={() => {
                following.current = true;
                setUnseenFrom(null);
                setFilter(option.id);
              }}
              className={`rounded-md px-2 py-1 font-medium tabular-nums ring-1 ring-inset ${
                filter === option.id
                  ? "bg-zinc-900 text-white ring-zinc-900 dark:bg-zinc-100 dark:text-zinc-900 dark:ring-zinc-100"
                  : "text-zinc-600 ring-zinc-300 hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"
              }`}
            >
              {option.label} ({counts[option.id]})
            </button>
          ))}
        </fieldset>
      </div>
      <div className="relative">
        <div
          ref={scroller}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it.
          tabIndex={0}
          role="log"
          aria-live="off"
          aria-label="Run log"
          data-testid="run-log"
          className="overflow-y-auto overscroll-contain rounded-lg border border-zinc-200 bg-zinc-50 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500/40 dark:border-zinc-800 dark:bg-zinc-900/60"
          style={{ height: VIEW_PX }}
        >
          {shown.length === 0 ? (
            <p className="px-3 py-2 text-zinc-500 dark:text-zinc-400">
              {lines.length === 0 ? "Nothing logged yet." : "No entries match this filter."}
            </p>
          ) : (
            <ul className="relative" style={{ height: shown.length * ROW_PX }}>
              {shown.slice(first, last).map((line, offset) => (
                <li
                  key={line.seq}
                  aria-setsize={shown.length}
                  aria-posinset={first + offset + 1}
                  data-testid="log-line"
                  data-seq={line.seq}
                  data-type={line.type}
                  title={line.message}
                  className={`absolute inset-x-0 flex gap-3 truncate px-3 leading-6 ${tone[line.type]}`}
                  style={{ top: (first + offset) * ROW_PX, height: ROW_PX }}
                >
                  <time dateTime={line.time} className="shrink-0 text-zinc-400 dark:text-zinc-500">
                    {timeOf(line.time)}
                  </time>
                  {line.type !== "info" ? (
                    <span className="w-16 shrink-0 uppercase">{line.type}</span>
                  ) : (
                    <span className="w-16 shrink-0" />
                  )}
                  <span className="truncate">{line.message}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
        {unseen > 0 ? (
          <button
            type="button"
            onClick={jumpToEnd}
            className="absolute right-3 bottom-3 rounded-full bg-sky-600 px-3 py-1 text-xs font-medium text-white shadow hover:bg-sky-700 dark:bg-sky-500 dark:text-zinc-950"
          >
            {unseen} new {unseen === 1 ? "entry" : "entries"} ↓
          </button>
        ) : null}
      </div>
    </section>
  );
}
