import { useEffect, useState } from "react";
import { grammarFor } from "./grammars";
import { excerptOf, readSourceFile, type SourceFile } from "./source-excerpts";
import { useHighlightedLines } from "./use-highlighted-lines";

export interface SourceExcerpt {
  status: "loading" | "ready" | "failed";
  /** The number of the first line shown. */
  first: number;
  /** One escaped, highlighted HTML string per line. */
  lines: string[];
  /** Lines of the range left out. */
  more: number;
}

/**
 * Lines of a file at a commit, highlighted: read through the page's cache of source files
 * (source-excerpts.ts) once `enabled`, at most `max` of them.
 */
export function useSourceExcerpt(
  source: { repoId: string; path: string; ref?: string | null; start: number; end: number },
  max: number,
  enabled = true,
): SourceExcerpt {
  const { repoId, path, ref, start, end } = source;
  const [file, setFile] = useState<{ key: string; file: SourceFile | null } | null>(null);
  const key = `${repoId}\u0000${ref ?? ""}\u0000${path}`;

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    readSourceFile(repoId, path, ref).then(
      (read) => !cancelled && setFile({ key, file: read }),
      () => !cancelled && setFile({ key, file: null }),
    );
    return () => {
      cancelled = true;
    };
  }, [enabled, key, repoId, path, ref]);

  const current = file?.key === key ? file : null;
  const excerpt = current?.file ? excerptOf(current.file.lines, { start, end }, max) : null;
  const grammar = current?.file ? grammarFor({ language: current.file.language, path }) : null;
  const { lines } = useHighlightedLines(excerpt ? excerpt.lines.join("\n") : "", grammar);
  if (!current) return { status: "loading", first: start, lines: [], more: 0 };
  if (!excerpt) return { status: "failed", first: start, lines: [], more: 0 };
  return {
    status: "ready",
    first: excerpt.first,
    lines: excerpt.lines.length === 0 ? [] : lines,
    more: excerpt.more,
  };
}
