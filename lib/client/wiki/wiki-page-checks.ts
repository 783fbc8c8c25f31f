import type { Citation } from "@/lib/protocol/chat";
import type { WikiPageChecks, WikiPageView } from "@/lib/protocol/wiki";
import { extractCitations } from "../chat/chat-citations";
import type { ShownPage } from "./wiki-run-view";

/**
 * The verdicts a page's citations are shown with. A page kept as it was sent (a DeepWiki
 * cache import) carries the server's checks; in a page Cartograph wrote, every citation left
 * in the stored text held (the rest were unlinked as it was written); a draft is not checked.
 */
export function pageCitations(
  page: Pick<WikiPageView, "checks">,
  shown: Pick<ShownPage, "content" | "draft">,
): Citation[] {
  if (shown.draft) return [];
  if (page.checks) return page.checks.citations;
  return extractCitations(shown.content).map(({ index: _, ...citation }) => ({
    ...citation,
    valid: true,
  }));
}

/** What the checks of a page kept as sent found wrong, in a line; null when nothing. */
export function checksSummary(checks: WikiPageChecks | null): string | null {
  if (!checks) return null;
  const failed = checks.citations.filter((citation) => !citation.valid).length;
  const parts: string[] = [];
  if (failed > 0)
    parts.push(
      `${failed} of ${checks.citations.length} citation${checks.citations.length === 1 ? "" : "s"} not found in this commit`,
    );
  if (checks.missing_files.length > 0)
    parts.push(
      `listed file${checks.missing_files.length === 1 ? "" : "s"} not in this commit: ${checks.missing_files.join(", ")}`,
    );
  return parts.length > 0 ? parts.join("; ") : null;
}
