// A path such as `pkg/__init__.py` in Markdown text is read as `pkg/<strong>init</strong>.py`.
// Models and imported wikis write paths bare, so the text is escaped before it is parsed.
// Pure (no Node, no DOM): the renderer and the structural wiki's writer share it.

/** A run of path characters: words, dots, slashes, dashes, `@`, and the `_`/`*` at stake. */
const TOKEN = /[\w@.\-/*]+/g;
/** An inline code span (any number of backticks) or a fence line: left as written. */
const CODE_SPAN = /(`+)[\s\S]*?\1/g;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** True for a token that names a file or folder (`a/b`, `x.py`), not prose or emphasis. */
function looksLikePath(token: string): boolean {
  const bare = token.replace(/^[*_]+|[*_.]+$/g, "");
  return bare.includes("/") || /\w\.[A-Za-z0-9]+$/.test(bare);
}

function escapeToken(token: string, before: string): string {
  if (!/[_*]/.test(token) || !looksLikePath(token)) return token;
  // A URL (`https://…/__init__.py`) is linked as written; a backslash would break it.
  if (before === ":" && token.startsWith("//")) return token;
  return token.replace(/[_*]/g, (mark) => `\\${mark}`);
}

function escapeText(text: string): string {
  return text.replace(TOKEN, (token, offset: number) =>
    escapeToken(token, offset > 0 ? text[offset - 1] : ""),
  );
}

function escapeLine(line: string): string {
  let out = "";
  let at = 0;
  for (const span of line.matchAll(CODE_SPAN)) {
    const index = span.index ?? 0;
    out += escapeText(line.slice(at, index)) + span[0];
    at = index + span[0].length;
  }
  return out + escapeText(line.slice(at));
}

/**
 * Escapes `_` and `*` inside path-like words of Markdown, outside code spans and fenced
 * blocks, so `__init__.py` stays a file name. Already escaped text is left as it is.
 */
export function escapePathEmphasis(markdown: string): string {
  if (!/[_*]/.test(markdown)) return markdown;
  let fence: string | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const opening = FENCE.exec(line)?.[1];
      if (fence) {
        if (opening && opening[0] === fence[0] && opening.length >= fence.length) fence = null;
        return line;
      }
      if (opening) {
        fence = opening;
        return line;
      }
      // Indented code (four spaces, outside a list) is rare in answers; a table row is not.
      return escapeLine(line);
    })
    .join("\n");
}
