/**
 * Turns declarations into chunk ranges: one chunk per declaration, a class that is too big
 * becomes its methods, anything still too big becomes overlapping windows, the lines between
 * declarations (imports, top-level statements) become chunks of their own, and runs of small
 * neighbours are merged so retrieval does not drown in one-line chunks.
 *
 * A hit or a citation must point at the declaration asked about, so a declaration that is not
 * small (see `isStandalone`) never shares its chunk with another named declaration: only its
 * leading comments and decorators, and a few lines of glue or a closing bracket, join it.
 */
import {
  isBlank,
  type LineRange,
  OVERSIZE_WINDOW,
  rangeChars,
  trimBlankEdges,
  windowRanges,
} from "./line-windows";
import type { Declaration } from "./outline";
import type { SymbolKind } from "./types";

/** Upper bound for one chunk before it is split: roughly 120 lines or 4–5 KB. */
export const CHUNK_MAX_LINES = 120;
export const CHUNK_MAX_CHARS = 4_800;
/**
 * A segment this short left alone after merging (`class Foo {`, an import) joins a neighbour;
 * a named one only a neighbour without a standalone declaration.
 */
const TINY_LINES = 3;
/** A declaration longer than this is standalone: never merged with another named one… */
const SMALL_LINES = 8;
/**
 * …and a function, class, method or namespace already when longer than this: code with a body
 * is what a question is about, so only one-line helpers and getters share a chunk.
 */
const SMALL_CODE_LINES = 3;
const CODE_KINDS: ReadonlySet<SymbolKind> = new Set(["function", "class", "method", "module"]);
/** Glue (imports, top-level statements) up to this long merges with small neighbours. */
const GLUE_MERGE_LINES = 30;
/** Merged runs of small segments stay within these. */
const MERGE_MAX_LINES = 60;
const MERGE_MAX_CHARS = 2_800;
/** At most this many names label a merged chunk. */
const MAX_LABEL_NAMES = 8;

export interface PlannedChunk {
  range: LineRange;
  symbol?: string;
}

interface Segment {
  range: LineRange;
  names: string[];
  /** The split class this segment is part of: merging never crosses its boundary. */
  owner: string | null;
  /** A window of a larger declaration: never merged with neighbours. */
  piece: boolean;
  /** Holds a declaration that must not share its chunk with another named one. */
  standalone: boolean;
}

export function planChunks(
  lines: readonly string[],
  declarations: readonly Declaration[],
): PlannedChunk[] {
  const whole = { start: 1, end: lines.length };
  const segments = segmentRange(lines, whole, sanitize(declarations, whole), null);
  const sized = segments.flatMap((segment) => splitOversized(lines, segment));
  return absorbTiny(lines, mergeSmall(lines, sized)).map((segment) => {
    const symbol = label(segment.names);
    return symbol ? { range: segment.range, symbol } : { range: segment.range };
  });
}

function fits(lines: readonly string[], range: LineRange): boolean {
  return (
    range.end - range.start + 1 <= CHUNK_MAX_LINES && rangeChars(lines, range) <= CHUNK_MAX_CHARS
  );
}

/**
 * A class is split into its methods once it outgrows what a merged run of small declarations
 * may reach: one method per question is the usual grain of an answer.
 */
function fitsMerged(lines: readonly string[], range: LineRange): boolean {
  return (
    range.end - range.start + 1 <= MERGE_MAX_LINES && rangeChars(lines, range) <= MERGE_MAX_CHARS
  );
}

/**
 * Declarations sorted, clipped to `within` and to each other: leading comments are attached
 * greedily, so a range may reach back over its predecessor's last line.
 */
function sanitize(declarations: readonly Declaration[], within: LineRange): Declaration[] {
  const sorted = [...declarations].sort((a, b) => a.range.start - b.range.start);
  const result: Declaration[] = [];
  let cursor = within.start;
  for (const declaration of sorted) {
    const start = Math.max(declaration.range.start, cursor);
    const end = Math.min(declaration.range.end, within.end);
    if (start > end) continue;
    result.push({ ...declaration, range: { start, end } });
    cursor = end + 1;
  }
  return result;
}

/** Segments covering `range`: declarations, recursing into big ones, with glue between them. */
function segmentRange(
  lines: readonly string[],
  range: LineRange,
  declarations: readonly Declaration[],
  owner: string | null,
): Segment[] {
  const segments: Segment[] = [];
  const pushGlue = (start: number, end: number) => {
    const trimmed = trimBlankEdges(lines, { start, end });
    if (trimmed) {
      const names = owner ? [owner] : [];
      segments.push({ range: trimmed, names, owner, piece: false, standalone: false });
    }
  };
  let cursor = range.start;
  for (const declaration of declarations) {
    pushGlue(cursor, declaration.range.start - 1);
    if (declaration.members.length > 0 && !fitsMerged(lines, declaration.range)) {
      const members = sanitize(declaration.members, declaration.range);
      segments.push(...segmentRange(lines, declaration.range, members, declaration.name));
    } else {
      segments.push({
        range: declaration.range,
        names: [declaration.name],
        owner,
        piece: false,
        standalone: isStandalone(declaration),
      });
    }
    cursor = declaration.range.end + 1;
  }
  pushGlue(cursor, range.end);
  return segments;
}

/** Whether a declaration gets a chunk of its own: not merged with other named declarations. */
function isStandalone(declaration: Declaration): boolean {
  const length = lineCount(declaration.range);
  return length > SMALL_LINES || (CODE_KINDS.has(declaration.kind) && length > SMALL_CODE_LINES);
}

function lineCount(range: LineRange): number {
  return range.end - range.start + 1;
}

/** Whether the segment holds a declaration of its own, not only glue (owned by its class). */
function isNamed(segment: Segment): boolean {
  return segment.names.some((name) => name !== segment.owner);
}

function splitOversized(lines: readonly string[], segment: Segment): Segment[] {
  if (fits(lines, segment.range)) return [segment];
  return windowRanges(lines, segment.range, OVERSIZE_WINDOW).map((range) => ({
    range,
    names: segment.names,
    owner: segment.owner,
    piece: true,
    standalone: true,
  }));
}

/**
 * Closing brackets and the like (Ruby's `end` included): never worth a chunk, always glued to
 * what precedes them.
 */
function isTrivial(lines: readonly string[], range: LineRange): boolean {
  if (range.end - range.start > 1) return false;
  for (let line = range.start; line <= range.end; line++) {
    if (!/^\s*(?:end\b)?[\s})\];,]*$/.test(lines[line - 1]) && !isBlank(lines[line - 1]))
      return false;
  }
  return true;
}

/**
 * Merges runs of small neighbours of the same owner: glue of up to GLUE_MERGE_LINES and
 * declarations that are not standalone. A standalone declaration or a piece stays alone here;
 * `absorbTiny` may still give it a few lines of glue.
 */
function mergeSmall(lines: readonly string[], segments: readonly Segment[]): Segment[] {
  const merged: Segment[] = [];
  // Whether the last merged group consists of small segments only.
  let lastIsSmall = false;
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (last && !isNamed(segment) && isTrivial(lines, segment.range)) {
      last.range = { start: last.range.start, end: segment.range.end };
      continue;
    }
    const isSmall =
      !segment.piece &&
      !segment.standalone &&
      (isNamed(segment) || lineCount(segment.range) <= GLUE_MERGE_LINES);
    if (last && lastIsSmall && isSmall && last.owner === segment.owner) {
      const combined = { start: last.range.start, end: segment.range.end };
      if (
        combined.end - combined.start + 1 <= MERGE_MAX_LINES &&
        rangeChars(lines, combined) <= MERGE_MAX_CHARS
      ) {
        last.range = combined;
        last.names.push(...segment.names);
        continue;
      }
    }
    merged.push({ ...segment, names: [...segment.names] });
    lastIsSmall = isSmall;
  }
  return merged;
}

/**
 * A few lines that found no small neighbour to merge with (a class header before a long
 * method, an import before a big function) join the next segment, or else the previous one, of
 * the same owner, as long as the result still fits a chunk. A tiny declaration (a constant
 * between two big functions) never joins a standalone one: it keeps a chunk of its own.
 */
function absorbTiny(lines: readonly string[], segments: readonly Segment[]): Segment[] {
  const result = segments.map((segment) => ({ ...segment, names: [...segment.names] }));
  for (let index = 0; index < result.length; index++) {
    const segment = result[index];
    if (lineCount(segment.range) > TINY_LINES || result.length === 1) continue;
    // A named declaration does not hide inside a standalone one or its windows (nor a short
    // window of one inside another declaration); glue may.
    const named = isNamed(segment);
    const joinable = (other: Segment | undefined, range: LineRange) =>
      other !== undefined &&
      other.owner === segment.owner &&
      !(other.standalone && named) &&
      !(segment.standalone && isNamed(other)) &&
      fits(lines, range);
    const next = result[index + 1];
    const previous = result[index - 1];
    if (joinable(next, { start: segment.range.start, end: next?.range.end ?? 0 })) {
      next.range = { start: segment.range.start, end: next.range.end };
      next.names = [...segment.names, ...next.names];
    } else if (joinable(previous, { start: previous?.range.start ?? 0, end: segment.range.end })) {
      previous.range = { start: previous.range.start, end: segment.range.end };
      previous.names.push(...segment.names);
    } else {
      continue;
    }
    result.splice(index, 1);
    index--;
  }
  return result;
}

/** Distinct names, dropping a class when one of its methods is named (`Foo.bar` says `Foo`). */
function label(names: readonly string[]): string | undefined {
  const distinct = [...new Set(names)];
  const specific = distinct.filter(
    (name) => !distinct.some((other) => other !== name && other.startsWith(`${name}.`)),
  );
  if (specific.length === 0) return undefined;
  const shown = specific.slice(0, MAX_LABEL_NAMES).join(", ");
  return specific.length > MAX_LABEL_NAMES ? `${shown}, …` : shown;
}
