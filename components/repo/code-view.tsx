"use client";

import "./code-theme.css";
import { type MouseEvent, memo, useCallback, useMemo } from "react";
import type { LineRange } from "@/lib/client/code/line-range";

interface CodeViewProps {
  /** One HTML string per line, escaped and highlighted (lib/client/code/syntax-highlight.ts). */
  lines: string[];
  /** The number of the first line, for excerpts. */
  firstLine?: number;
  selected?: LineRange | null;
  /** Makes line numbers links to `#L{n}` that select their line (shift-click extends). */
  onSelectLine?: (line: number, extend: boolean) => void;
  label: string;
}

/** Lines per block: blocks off screen skip layout and paint, and repaint only when touched. */
const BLOCK = 100;
/** `leading-5`: every row is one line of this height, so an unpainted block's size is exact. */
const ROW_PX = 20;

/**
 * Code with line numbers. Each line is its own row, so a selection is a set of rows that
 * tests and people can see. Rows come in memoised blocks that the browser lays out only
 * near the viewport (`content-visibility`), so files of many thousands of lines open and
 * select quickly: a new selection re-renders only the blocks it touches.
 */
export function CodeView({ lines, firstLine = 1, selected, onSelectLine, label }: CodeViewProps) {
  const onNumberClick = useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      // Let a modified click open the link elsewhere, as links do.
      if (!onSelectLine || event.metaKey || event.ctrlKey || event.altKey) return;
      event.preventDefault();
      // A shift-click also extends the page's text selection; the line selection replaces it.
      if (event.shiftKey) window.getSelection()?.removeAllRanges();
      onSelectLine(Number(event.currentTarget.dataset.lineNumber), event.shiftKey);
    },
    [onSelectLine],
  );
  const blocks = useMemo(() => {
    const result: string[][] = [];
    for (let start = 0; start < lines.length; start += BLOCK) {
      result.push(lines.slice(start, start + BLOCK));
    }
    return result;
  }, [lines]);
  const width = `${String(firstLine + lines.length - 1).length + 2}ch`;

  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
      tabIndex={0}
      className="code-text overflow-x-auto bg-white font-mono text-[13px] leading-5 dark:bg-zinc-950"
    >
      <div className="w-max min-w-full py-2">
        {blocks.map((block, index) => {
          const first = firstLine + index * BLOCK;
          const last = first + block.length - 1;
          const touched = !!selected && selected.start <= last && selected.end >= first;
          return (
            <CodeBlock
              // Blocks have no identity but their place.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              key={index}
              lines={block}
              firstLine={first}
              selectedFrom={touched ? Math.max(selected.start, first) : 0}
              selectedTo={touched ? Math.min(selected.end, last) : 0}
              deferPaint={blocks.length > 1}
              width={width}
              onNumberClick={onSelectLine ? onNumberClick : undefined}
            />
          );
        })}
      </div>
    </section>
  );
}

const CodeBlock = memo(function CodeBlock({
  lines,
  firstLine,
  selectedFrom,
  selectedTo,
  deferPaint,
  width,
  onNumberClick,
}: {
  lines: string[];
  firstLine: number;
  /** The selected rows of this block, or 0 and 0. */
  selectedFrom: number;
  selectedTo: number;
  deferPaint: boolean;
  width: string;
  onNumberClick?: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  return (
    <div
      style={
        deferPaint
          ? { contentVisibility: "auto", containIntrinsicSize: `auto ${lines.length * ROW_PX}px` }
          : undefined
      }
    >
      {lines.map((html, index) => {
        const number = firstLine + index;
        return (
          <CodeLine
            // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity but their number
            key={index}
            number={number}
            html={html}
            selected={number >= selectedFrom && number <= selectedTo}
            width={width}
            onNumberClick={onNumberClick}
          />
        );
      })}
    </div>
  );
});

const CodeLine = memo(function CodeLine({
  number,
  html,
  selected,
  width,
  onNumberClick,
}: {
  number: number;
  html: string;
  selected: boolean;
  width: string;
  onNumberClick?: (event: MouseEvent<HTMLAnchorElement>) => void;
}) {
  const gutter = `sticky left-0 shrink-0 select-none pr-3 text-right tabular-nums ${
    selected
      ? "bg-amber-100 text-amber-900 shadow-[inset_3px_0_0_#f59e0b] dark:bg-[#32280b] dark:text-amber-200"
      : "bg-white text-zinc-400 dark:bg-zinc-950 dark:text-zinc-500"
  }`;
  return (
    <div
      data-line={number}
      data-selected={selected ? "true" : undefined}
      className={`flex min-h-5 ${selected ? "bg-amber-100 dark:bg-[#32280b]" : ""}`}
    >
      {onNumberClick ? (
        <a
          href={`#L${number}`}
          data-line-number={number}
          onClick={onNumberClick}
          aria-label={`Line ${number}`}
          // Thousands of numbers are not thousands of tab stops; the region itself is one.
          tabIndex={-1}
          style={{ width }}
          className={`${gutter} hover:text-sky-700 dark:hover:text-sky-300`}
        >
          {number}
        </a>
      ) : (
        <span aria-hidden="true" data-line-number={number} style={{ width }} className={gutter}>
          {number}
        </span>
      )}
      <span
        data-code=""
        className="whitespace-pre pr-6 pl-4"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: every line is escaped by highlightToLines; markup comes only from grammar scopes.
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </div>
  );
});
