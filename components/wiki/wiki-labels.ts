import type { WikiPageView, WikiStatusName, WikiTypeName } from "@/lib/protocol/wiki";

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
