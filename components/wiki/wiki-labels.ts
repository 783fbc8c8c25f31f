import {
  isStoppedWiki,
  type WikiPageView,
  type WikiStatusName,
  type WikiTypeName,
} from "@/lib/protocol/wiki";

export const wikiTypeLabels: Record<WikiTypeName, string> = {
  comprehensive: "Comprehensive",
  concise: "Concise",
};

export const wikiStatusLabels: Record<WikiStatusName, string> = {
  generating: "Generating",
  ready: "Ready",
  partial: "Partly written",
  failed: "Failed",
};

/** A generation the user stopped before every page was written: not a failure. */
export function isStopped(wiki: { status: WikiStatusName; error: string | null }): boolean {
  return isStoppedWiki(wiki.status, wiki.error);
}

/** "Stopped" for a stopped generation, whatever share of it was written; else the status. */
export function wikiStatusLabel(wiki: { status: WikiStatusName; error: string | null }): string {
  return isStopped(wiki) ? "Stopped" : wikiStatusLabels[wiki.status];
}

/**
 * What the run is doing, from its phase: `planning`, `page:{id}` (named by the page's title
 * when it is known), `concluding`; any other phase is shown as the run's own message.
 */
export function phaseLabel(
  phase: string,
  message: string,
  pages: readonly Pick<WikiPageView, "id" | "title">[],
): string {
  if (phase === "planning") return "Planning the wiki's sections and pages";
  if (phase === "concluding") return "Finishing the wiki";
  if (phase.startsWith("page:")) {
    const id = phase.slice(5);
    const title = pages.find((page) => page.id === id)?.title;
    return title ? `Writing “${title}”` : message || "Writing pages";
  }
  return message || "Starting";
}

/** The model a wiki was written by, or that it was built without one. */
export function modelLabel(wiki: { structural: boolean; provider: string; model: string }): string {
  if (wiki.structural) return "Structural (no model)";
  return wiki.model || wiki.provider || "unknown model";
}

const pagesCount = (count: number) => (count === 1 ? "one page" : `${count} pages`);

/** Why pages are missing: "Generation was stopped with 3 pages not written.", … */
export function unwrittenLabel(unwritten: number, failed: number, stopped: boolean): string {
  if (stopped) return `Generation was stopped with ${pagesCount(unwritten)} not written.`;
  const count = pagesCount(unwritten);
  const capital = count[0].toUpperCase() + count.slice(1);
  if (failed === unwritten) return `${capital} could not be written.`;
  if (failed > 0) return `${capital} not written yet; ${failed} of them failed.`;
  return `${capital} not written yet.`;
}
