/**
 * Line arithmetic shared by every chunker. A file is its `content.split("\n")`; a trailing
 * newline does not make an extra line, so chunks never end on a phantom empty line.
 */

export interface LineRange {
  /** 1-based, inclusive. */
  start: number;
  /** 1-based, inclusive. */
  end: number;
}

export interface WindowOptions {
  maxLines: number;
  maxChars: number;
  overlap: number;
}

/** The fallback for languages without a grammar: generous windows with context overlap. */
export const FALLBACK_WINDOW: WindowOptions = { maxLines: 80, maxChars: 5_000, overlap: 15 };

/** Pieces of an oversized declaration: fewer overlap lines, the symbol already says where we are. */
export const OVERSIZE_WINDOW: WindowOptions = { maxLines: 100, maxChars: 5_000, overlap: 10 };

export function splitLines(content: string): string[] {
  const lines = content.split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export function isBlank(line: string): boolean {
  return line.trim() === "";
}

/** The same range without blank lines at either edge, or null if nothing but blanks is left. */
export function trimBlankEdges(lines: readonly string[], range: LineRange): LineRange | null {
  let { start, end } = range;
  while (start <= end && isBlank(lines[start - 1] ?? "")) start++;
  while (end >= start && isBlank(lines[end - 1] ?? "")) end--;
  return start <= end ? { start, end } : null;
}

export function rangeChars(lines: readonly string[], range: LineRange): number {
  let chars = 0;
  for (let line = range.start; line <= range.end; line++) chars += lines[line - 1].length + 1;
  return chars;
}

export function sliceText(lines: readonly string[], range: LineRange): string {
  return lines.slice(range.start - 1, range.end).join("\n");
}

/**
 * Cover `range` with windows of at most `maxLines` lines and (unless one line alone is longer)
 * `maxChars` characters, each starting `overlap` lines before the previous one ended.
 */
export function windowRanges(
  lines: readonly string[],
  range: LineRange,
  options: WindowOptions,
): LineRange[] {
  const windows: LineRange[] = [];
  let start = range.start;
  while (start <= range.end) {
    let end = start;
    let chars = lines[start - 1].length + 1;
    while (end < range.end && end - start + 1 < options.maxLines) {
      const next = lines[end].length + 1;
      if (chars + next > options.maxChars) break;
      chars += next;
      end++;
    }
    windows.push({ start, end });
    if (end >= range.end) break;
    // Overlap never exceeds half a window, so every step moves forward.
    const length = end - start + 1;
    const overlap = Math.min(options.overlap, Math.floor(length / 2));
    start = end + 1 - overlap;
  }
  return windows;
}
