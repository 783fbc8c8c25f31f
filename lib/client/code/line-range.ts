/** A selected run of lines, 1-based and inclusive, as in `#L10-L20`. */
export interface LineRange {
  start: number;
  end: number;
}

const HASH = /^#?L(\d{1,7})(?:-L?(\d{1,7}))?$/;

/** Reads `#L10`, `#L10-L20` (or the reversed `#L20-L10`); anything else selects nothing. */
export function parseLineHash(hash: string): LineRange | null {
  const match = HASH.exec(hash.trim());
  if (!match) return null;
  const first = Number(match[1]);
  const second = match[2] === undefined ? first : Number(match[2]);
  if (first < 1 || second < 1) return null;
  return { start: Math.min(first, second), end: Math.max(first, second) };
}

/** `#L10` for one line, `#L10-L20` for a run; an empty string for no selection. */
export function formatLineHash(range: LineRange | null): string {
  if (!range) return "";
  return range.start === range.end ? `#L${range.start}` : `#L${range.start}-L${range.end}`;
}

/** Keeps a range inside a file of `lineCount` lines; null when it starts past the end. */
export function clampRange(range: LineRange | null, lineCount: number): LineRange | null {
  if (!range || range.start > lineCount) return null;
  return { start: range.start, end: Math.min(range.end, lineCount) };
}

/**
 * A click on a line number: a plain click selects that line, a shift-click extends the
 * current selection to it (from the end nearest the anchor the user started at).
 */
export function selectLine(current: LineRange | null, line: number, extend: boolean): LineRange {
  if (!extend || !current) return { start: line, end: line };
  const anchor = line < current.start ? current.end : current.start;
  return { start: Math.min(anchor, line), end: Math.max(anchor, line) };
}

/** "line 12" or "lines 10–20", for labels and announcements. */
export function describeRange(range: LineRange): string {
  return range.start === range.end ? `line ${range.start}` : `lines ${range.start}–${range.end}`;
}
