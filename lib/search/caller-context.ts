const IDENTIFIER = /[A-Za-z_$][\w$]{3,}/g;
const MAX_CALL_SITES = 5;
const MAX_LINE_CHARS = 300;

/**
 * How callers talk about each declaration: the lines around a few uses of a symbol's name
 * elsewhere (a call and the comment above it), so a question in the callers' words finds
 * the function itself, not only its call sites.
 */
export function callerContext(
  rows: readonly { id: number; path: string; symbol: string | null; text: string }[],
): Map<number, string> {
  const declared = new Map<string, number[]>();
  for (const row of rows) {
    const name = row.symbol?.split(".").pop();
    if (!name || name.length < 4) continue;
    const targets = declared.get(name);
    if (targets) targets.push(row.id);
    else declared.set(name, [row.id]);
  }
  const sites = new Map<number, string[]>();
  for (const row of rows) {
    const lines = row.text.split("\n");
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index];
      // Minified or generated lines say nothing a person would ask in.
      if (line.length > MAX_LINE_CHARS) continue;
      for (const [name] of line.matchAll(IDENTIFIER)) {
        const targets = declared.get(name);
        // A name declared in many places (`get`, `render`) says nothing about any one of them.
        if (!targets || targets.length > 3) continue;
        for (const target of targets) {
          if (target === row.id) continue;
          const list = sites.get(target) ?? [];
          if (list.length >= MAX_CALL_SITES) continue;
          list.push(`${lines[index - 1] ?? ""} ${line}`);
          sites.set(target, list);
        }
      }
    }
  }
  return new Map([...sites].map(([id, list]) => [id, list.join("\n")]));
}
