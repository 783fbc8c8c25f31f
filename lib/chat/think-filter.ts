const OPEN = /<(think|thinking|reasoning)>/i;

/**
 * Removes reasoning models' hidden thinking (`<think>…</think>` and the like) from a
 * stream of text pieces. Tags may be split across pieces, so a possible tag start is
 * held back until the next piece decides it.
 */
export function createThinkFilter(): { push(piece: string): string; flush(): string } {
  let buffer = "";
  let closing: string | null = null;

  const drain = (final: boolean): string => {
    let output = "";
    for (;;) {
      if (closing) {
        const end = buffer.toLowerCase().indexOf(closing);
        if (end < 0) {
          // Keep only what could be the start of the closing tag.
          buffer = final ? "" : buffer.slice(-closing.length + 1);
          return output;
        }
        buffer = buffer.slice(end + closing.length).replace(/^\s+/, "");
        closing = null;
        continue;
      }
      const open = OPEN.exec(buffer);
      if (open) {
        output += buffer.slice(0, open.index);
        closing = `</${open[1].toLowerCase()}>`;
        buffer = buffer.slice(open.index + open[0].length);
        continue;
      }
      const lastAngle = buffer.lastIndexOf("<");
      if (
        !final &&
        lastAngle >= 0 &&
        buffer.length - lastAngle < 12 &&
        !buffer.slice(lastAngle).includes(">")
      ) {
        output += buffer.slice(0, lastAngle);
        buffer = buffer.slice(lastAngle);
        return output;
      }
      output += buffer;
      buffer = "";
      return output;
    }
  };

  return {
    push(piece) {
      buffer += piece;
      return drain(false);
    },
    flush() {
      return drain(true);
    },
  };
}
