import { extractCitations } from "@/lib/chat/citations";
import type { Citation } from "@/lib/protocol/chat";

// An answer's or a report's sources as the reader sees them: cards for the passages the
// text cites (or, when it cites none, the best few it read), and the rest "Also read".

/** One passage: where it is, the declaration it holds, and whether the text cites it. */
export interface SourceCard {
  key: string;
  path: string;
  start: number;
  end: number;
  symbol?: string;
  cited: boolean;
}

export interface SourceGroups {
  /** Shown as cards with their lines, in the order the text first cites them. */
  shown: SourceCard[];
  /** The passages read besides, collapsed: best first. */
  alsoRead: SourceCard[];
}

interface Passage {
  path: string;
  start_line: number;
  end_line: number;
  symbol?: string;
  /** Research sources say themselves whether the report cites them. */
  cited?: boolean;
}

/** Cards at most; further cited passages go to "Also read". */
export const MAX_SHOWN = 8;
/** Cards shown when the text cites nothing (an answer written without a model). */
const UNCITED_SHOWN = 3;

type Range = Pick<Citation, "path" | "start_line" | "end_line">;

const overlaps = (a: Range, b: Range) =>
  a.path === b.path &&
  Math.min(a.start_line, a.end_line) <= Math.max(b.start_line, b.end_line) &&
  Math.max(a.start_line, a.end_line) >= Math.min(b.start_line, b.end_line);

const cardOf = (passage: Passage, cited: boolean): SourceCard => ({
  key: `${passage.path}:${passage.start_line}-${passage.end_line}`,
  path: passage.path,
  start: Math.min(passage.start_line, passage.end_line),
  end: Math.max(passage.start_line, passage.end_line),
  ...(passage.symbol ? { symbol: passage.symbol } : {}),
  cited,
});

/**
 * Groups the passages read for a text. What the text cites: the server's checked citations
 * when known (only valid ones count), else the `path:start-end` in the text. A citation of
 * lines no passage holds (from the file sent as context) gets a card of its own.
 */
export function groupSources(input: {
  sources: readonly Passage[];
  content: string;
  citations?: readonly Citation[];
}): SourceGroups {
  const cited: Range[] = input.citations
    ? input.citations.filter((citation) => citation.valid)
    : extractCitations(input.content);
  const unique = new Map<string, Passage>();
  for (const source of input.sources) {
    const card = cardOf(source, false);
    if (!unique.has(card.key)) unique.set(card.key, source);
  }
  const passages = [...unique.values()];
  const isCited = (passage: Passage) => passage.cited ?? cited.some((c) => overlaps(c, passage));

  // Cited passages in the order of their first citation, then any the order cannot place.
  const shown: SourceCard[] = [];
  const placed = new Set<string>();
  const add = (card: SourceCard) => {
    if (placed.has(card.key)) return;
    placed.add(card.key);
    shown.push(card);
  };
  for (const citation of cited) {
    const matching = passages.filter((passage) => isCited(passage) && overlaps(citation, passage));
    if (matching.length === 0 && !passages.some((passage) => overlaps(citation, passage))) {
      add(cardOf(citation, true));
    }
    for (const passage of matching) add(cardOf(passage, true));
  }
  for (const passage of passages) if (isCited(passage)) add(cardOf(passage, true));

  if (shown.length === 0) {
    for (const passage of passages.slice(0, UNCITED_SHOWN)) add(cardOf(passage, false));
  }
  const alsoRead = [
    ...shown.slice(MAX_SHOWN),
    ...passages.map((passage) => cardOf(passage, false)).filter((card) => !placed.has(card.key)),
  ];
  return { shown: shown.slice(0, MAX_SHOWN), alsoRead };
}
