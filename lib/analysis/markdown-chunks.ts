/**
 * Markdown split by headings: each section (heading to the next heading of any level) is one
 * chunk labelled with its heading; a section too long for one chunk is windowed.
 */
import {
  isBlank,
  type LineRange,
  OVERSIZE_WINDOW,
  rangeChars,
  trimBlankEdges,
  windowRanges,
} from "./line-windows";
import { CHUNK_MAX_CHARS, CHUNK_MAX_LINES, type PlannedChunk } from "./plan-chunks";

interface Section {
  range: LineRange;
  heading?: string;
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

export function planMarkdownChunks(lines: readonly string[]): PlannedChunk[] {
  return mergeHeadingOnly(lines, findSections(lines)).flatMap((section) => {
    const range = trimBlankEdges(lines, section.range);
    if (!range) return [];
    const fits =
      range.end - range.start + 1 <= CHUNK_MAX_LINES && rangeChars(lines, range) <= CHUNK_MAX_CHARS;
    const ranges = fits ? [range] : windowRanges(lines, range, OVERSIZE_WINDOW);
    return ranges.map((piece) =>
      section.heading ? { range: piece, symbol: section.heading } : { range: piece },
    );
  });
}

function findSections(lines: readonly string[]): Section[] {
  const sections: Section[] = [];
  let current: Section = { range: { start: 1, end: 0 } };
  let fence: string | null = null;
  let index = frontMatterEnd(lines);

  const startSection = (line: number, heading: string) => {
    current.range.end = line - 1;
    sections.push(current);
    current = { range: { start: line, end: 0 }, heading };
  };

  for (; index < lines.length; index++) {
    const line = lines[index];
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      const marker = fenceMatch[1];
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      startSection(index + 1, (atx[2] ?? "").trim() || atx[1]);
      continue;
    }
    // `Title` over `=====` or `-----`; a `---` after a blank line is a rule, not a heading.
    const next = lines[index + 1];
    if (
      next !== undefined &&
      SETEXT_UNDERLINE.test(next) &&
      !isBlank(line) &&
      isParagraphStart(lines, index)
    ) {
      startSection(index + 1, line.trim());
      index++;
    }
  }
  current.range.end = lines.length;
  sections.push(current);
  return sections.filter((section) => section.range.end >= section.range.start);
}

/** A setext heading is a one-line paragraph: the line above must be blank or the file start. */
function isParagraphStart(lines: readonly string[], index: number): boolean {
  return index === 0 || isBlank(lines[index - 1]) || ATX_HEADING.test(lines[index - 1]);
}

/** YAML front matter (`---` … `---` on the first lines) belongs to the preamble, not a heading. */
function frontMatterEnd(lines: readonly string[]): number {
  if (lines[0]?.trim() !== "---") return 0;
  const close = lines.findIndex((line, index) => index > 0 && /^(---|\.\.\.)\s*$/.test(line));
  return close === -1 ? 0 : close + 1;
}

/** A heading directly followed by a sub-heading is labelled onto the sub-section, not left alone. */
function mergeHeadingOnly(lines: readonly string[], sections: readonly Section[]): Section[] {
  const result: Section[] = [];
  let pending: Section | null = null;
  for (const section of sections) {
    const body = trimBlankEdges(lines, section.range);
    const headingOnly = section.heading !== undefined && body !== null && body.start === body.end;
    const merged: Section = pending
      ? {
          range: { start: pending.range.start, end: section.range.end },
          heading: [pending.heading, section.heading].filter(Boolean).join(" / "),
        }
      : section;
    if (headingOnly && section !== sections[sections.length - 1]) {
      pending = merged;
      continue;
    }
    result.push(merged);
    pending = null;
  }
  if (pending) result.push(pending);
  return result;
}
