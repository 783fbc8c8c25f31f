import type { Parent, PhrasingContent, Root, RootContent, Text } from "mdast";
import { extractCitations } from "@/lib/client/chat/chat-citations";

/** Nodes whose text is never a citation to link: links already, code blocks, raw HTML. */
const SKIPPED = new Set(["link", "linkReference", "code", "definition", "html", "image"]);

/**
 * A remark plugin: every `path:12-30` in the answer's text (or alone in inline code)
 * becomes a `<span data-cite-*>` that the renderer turns into a link or a marked claim.
 */
export function remarkCitations() {
  return (tree: Root) => {
    markCitations(tree);
  };
}

function markCitations(parent: Parent): void {
  const children: RootContent[] = [];
  for (const child of parent.children) {
    if (child.type === "text") {
      children.push(...splitText(child.value));
    } else if (child.type === "inlineCode") {
      const [only] = extractCitations(child.value);
      if (only && only.text === child.value.trim()) children.push(citationNode(only, true));
      else children.push(child);
    } else {
      if (!SKIPPED.has(child.type) && "children" in child) markCitations(child);
      children.push(child);
    }
  }
  parent.children = children;
}

function splitText(value: string): PhrasingContent[] {
  const parts: PhrasingContent[] = [];
  let at = 0;
  for (const match of extractCitations(value)) {
    if (match.index > at) parts.push({ type: "text", value: value.slice(at, match.index) });
    parts.push(citationNode(match, false));
    at = match.index + match.text.length;
  }
  if (at < value.length) parts.push({ type: "text", value: value.slice(at) });
  return parts;
}

function citationNode(
  match: { text: string; path: string; start_line: number; end_line: number },
  code: boolean,
): Text {
  return {
    type: "text",
    value: match.text,
    data: {
      hName: "span",
      hProperties: {
        dataCitePath: match.path,
        dataCiteStart: match.start_line,
        dataCiteEnd: match.end_line,
        dataCiteText: match.text,
      },
      ...(code
        ? {
            hChildren: [
              {
                type: "element",
                tagName: "code",
                properties: {},
                children: [{ type: "text", value: match.text }],
              },
            ],
          }
        : {}),
    },
  };
}
