/// <reference lib="webworker" />
// Colours long files off the main thread; lib/client/code/use-highlighted-lines.ts starts it.
import { highlightToLines, loadGrammar } from "./syntax-highlight";

export interface HighlightRequest {
  id: number;
  content: string;
  grammar: string;
  marks: string[];
}

export interface HighlightReply {
  id: number;
  lines: string[] | null;
}

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<HighlightRequest>) => {
  const { id, content, grammar, marks } = event.data;
  let lines: string[] | null = null;
  try {
    if (await loadGrammar(grammar)) lines = highlightToLines(content, grammar, { marks });
  } catch {
    lines = null;
  }
  scope.postMessage({ id, lines } satisfies HighlightReply);
};
