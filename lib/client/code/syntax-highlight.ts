import type { Element, ElementContent, Root } from "hast";
import { createLowlight } from "lowlight";
import { grammars } from "./grammars";

export { grammarFor } from "./grammars";

const lowlight = createLowlight();
const loading = new Map<string, Promise<boolean>>();

/** Loads a grammar once; false when it cannot be loaded (the text is then shown plain). */
export function loadGrammar(name: string): Promise<boolean> {
  let pending = loading.get(name);
  if (!pending) {
    const loader = grammars[name];
    pending = loader
      ? loader().then(
          (module) => {
            lowlight.register(name, module.default);
            return true;
          },
          () => false,
        )
      : Promise.resolve(false);
    loading.set(name, pending);
  }
  return pending;
}

/** Above these the file is shown without colours: highlighting would cost more than it gives. */
export const HIGHLIGHT_LIMITS = { chars: 1_000_000, lines: 20_000 };

/** The file's lines, without the empty one a final newline would add. */
export function splitLines(content: string): string[] {
  const lines = content.replace(/\r\n?/g, "\n").split("\n");
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

export interface HighlightOptions {
  /** Words to wrap in <mark>, e.g. the terms of a search. */
  marks?: string[];
}

/**
 * The code as one HTML string per line: every token a `<span class="hljs-…">`, a token
 * that spans lines (a block comment, a template string) closed at each line end and
 * reopened on the next. Text is escaped here, so the result is safe as innerHTML.
 * The grammar must have been loaded; without it the lines come back escaped but plain.
 */
export function highlightToLines(
  content: string,
  grammar: string | null,
  options: HighlightOptions = {},
): string[] {
  const lines = splitLines(content);
  const mark = markerFor(options.marks);
  const source = lines.join("\n");
  const usable =
    grammar !== null &&
    lowlight.registered(grammar) &&
    source.length <= HIGHLIGHT_LIMITS.chars &&
    lines.length <= HIGHLIGHT_LIMITS.lines;
  if (!usable) return lines.map(mark);
  return treeToLines(lowlight.highlight(grammar, source), mark);
}

function treeToLines(root: Root, mark: (text: string) => string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let current = "";

  const addText = (value: string) => {
    const parts = value.split("\n");
    current += mark(parts[0]);
    for (let index = 1; index < parts.length; index++) {
      lines.push(current + "</span>".repeat(open.length));
      current = open.map(openTag).join("") + mark(parts[index]);
    }
  };
  const visit = (node: ElementContent) => {
    if (node.type === "text") addText(node.value);
    else if (node.type === "element") {
      const className = classNameOf(node);
      open.push(className);
      current += openTag(className);
      for (const child of node.children) visit(child);
      open.pop();
      current += "</span>";
    }
  };
  for (const child of root.children) if (child.type !== "doctype") visit(child);
  lines.push(current);
  return lines;
}

const openTag = (className: string) => `<span class="${className}">`;

function classNameOf(node: Element): string {
  const value = node.properties.className;
  const names = Array.isArray(value) ? value : [value];
  // Grammar scopes are plain words; anything else is dropped rather than escaped.
  return names.filter((name) => typeof name === "string" && /^[\w-]+$/.test(name)).join(" ");
}

const escapes: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => escapes[char]);
}

/** Escapes text, wrapping each occurrence of the words (any case) in <mark>. */
function markerFor(words: string[] | undefined): (text: string) => string {
  const wanted = (words ?? [])
    .map((word) => word.trim())
    .filter((word) => word.length >= 2)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return escapeHtml;
  const pattern = new RegExp(`(${wanted.join("|")})`, "gi");
  return (text) =>
    text
      .split(pattern)
      .map((part, index) =>
        index % 2 === 1 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part),
      )
      .join("");
}
