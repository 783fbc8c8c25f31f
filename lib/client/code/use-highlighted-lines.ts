import { useEffect, useMemo, useState } from "react";
import { highlightInWorker } from "./highlight-in-worker";
import { highlightToLines, loadGrammar } from "./syntax-highlight";

/** From this many characters a file is coloured in a worker, off the main thread. */
const WORKER_FROM_CHARS = 50_000;

interface Coloured {
  content: string;
  grammar: string;
  markKey: string;
  lines: string[];
}

/**
 * The code as HTML lines: escaped plain text at once, coloured once its grammar has
 * loaded. Colouring runs after the plain text is on screen, so a long file shows
 * immediately and is never blank while its grammar loads.
 */
export function useHighlightedLines(
  content: string,
  grammar: string | null,
  marks?: readonly string[],
): { lines: string[]; highlighted: boolean } {
  const markKey = (marks ?? []).join("\u0000");
  const wanted = useMemo(() => (markKey ? markKey.split("\u0000") : []), [markKey]);
  const plain = useMemo(
    () => highlightToLines(content, null, { marks: wanted }),
    [content, wanted],
  );
  const [coloured, setColoured] = useState<Coloured | null>(null);

  useEffect(() => {
    if (!grammar) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const show = (lines: string[]) => {
      if (!cancelled) setColoured({ content, grammar, markKey, lines });
    };
    const colourHere = () =>
      loadGrammar(grammar).then((loaded) => {
        if (cancelled || !loaded) return;
        // A macrotask, so the plain text is painted before the (longer) colouring pass.
        timer = setTimeout(() => {
          if (!cancelled) show(highlightToLines(content, grammar, { marks: wanted }));
        }, 0);
      });
    if (content.length >= WORKER_FROM_CHARS) {
      void highlightInWorker(content, grammar, wanted).then((lines) => {
        if (lines) show(lines);
        else if (!cancelled) void colourHere();
      });
    } else {
      void colourHere();
    }
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [content, grammar, wanted, markKey]);

  const current =
    coloured !== null &&
    coloured.content === content &&
    coloured.grammar === grammar &&
    coloured.markKey === markKey;
  return current
    ? { lines: coloured.lines, highlighted: true }
    : { lines: plain, highlighted: false };
}
