// What counts as a citation is defined once, beside the server's check of it: the module is
// pure (no Node imports) and is read here so the browser marks exactly what the server checks.
import { type CitationMatch, extractCitations } from "@/lib/chat/citations";
import type { Citation, SourceItem } from "@/lib/protocol/chat";

export { type CitationMatch, extractCitations };

/**
 * - `valid`: the server checked it against the commit (done event), or, while streaming,
 *   its file is among the retrieved passages: a link into the source viewer.
 * - `invalid`: the server found no such file or lines in this commit: marked, not linked.
 * - `unchecked`: not known yet (or never checked): plain text.
 */
export type CitationStatus = "valid" | "invalid" | "unchecked";

export function citationStatus(
  cited: Pick<Citation, "text" | "path" | "start_line" | "end_line">,
  known: { citations?: readonly Citation[]; sources?: readonly SourceItem[] },
): CitationStatus {
  const checked =
    known.citations?.find((citation) => citation.text === cited.text) ??
    known.citations?.find(
      (citation) =>
        citation.path === cited.path &&
        citation.start_line === cited.start_line &&
        citation.end_line === cited.end_line,
    );
  if (checked) return checked.valid ? "valid" : "invalid";
  if (known.sources?.some((source) => source.path === cited.path)) return "valid";
  return "unchecked";
}
