import { useCallback, useEffect, useRef, useState } from "react";
import { formatLineHash, type LineRange, parseLineHash, selectLine } from "./line-range";

export interface LineSelection {
  range: LineRange | null;
  /**
   * Changes each time the range comes from the address (on opening, a new file, a hash
   * typed or followed): the moment to scroll it into view. A click does not scroll.
   */
  scrollRequest: number;
  /** A click on a line number; `extend` (shift) stretches the selection to it. */
  select(line: number, extend: boolean): void;
  /** Selects one line and scrolls it into view (a symbol of the outline). */
  reveal(line: number): void;
  clear(): void;
}

/**
 * The selected lines, kept in the address hash (`#L10-L20`) so the address is always a
 * link to what is on screen. `documentKey` names the file shown: a new one re-reads the hash.
 */
export function useLineSelection(documentKey: string): LineSelection {
  const [range, setRange] = useState<LineRange | null>(null);
  const [scrollRequest, setScrollRequest] = useState(0);
  const current = useRef<LineRange | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: another file (documentKey) means another hash to read.
  useEffect(() => {
    const readHash = () => {
      const next = parseLineHash(window.location.hash);
      current.current = next;
      setRange(next);
      if (next) setScrollRequest((count) => count + 1);
    };
    readHash();
    window.addEventListener("hashchange", readHash);
    window.addEventListener("popstate", readHash);
    return () => {
      window.removeEventListener("hashchange", readHash);
      window.removeEventListener("popstate", readHash);
    };
  }, [documentKey]);

  const write = useCallback((next: LineRange | null) => {
    current.current = next;
    setRange(next);
    const url = new URL(window.location.href);
    url.hash = formatLineHash(next);
    // Replacing, not pushing: clicking around a file should not fill the back button.
    window.history.replaceState(window.history.state, "", url.toString());
  }, []);

  const select = useCallback(
    (line: number, extend: boolean) => write(selectLine(current.current, line, extend)),
    [write],
  );
  const reveal = useCallback(
    (line: number) => {
      write({ start: line, end: line });
      setScrollRequest((count) => count + 1);
    },
    [write],
  );
  const clear = useCallback(() => write(null), [write]);

  return { range, scrollRequest, select, reveal, clear };
}
