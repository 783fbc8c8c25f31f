import { citationHolds, extractCitations, unlinkCitations } from "../chat/citations";

/** Every ```mermaid block of a Markdown text, with where its body sits. */
export function mermaidBlocks(markdown: string): { code: string; start: number; end: number }[] {
  const blocks: { code: string; start: number; end: number }[] = [];
  for (const match of markdown.matchAll(/^(```|~~~)mermaid[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm)) {
    const start = (match.index ?? 0) + match[0].indexOf("\n") + 1;
    blocks.push({ code: match[2].replace(/\n$/, ""), start, end: start + match[2].length });
  }
  return blocks;
}

/**
 * Checks each Mermaid block; one that does not parse is repaired once by `repair`, and one
 * still broken becomes a plain code block with a note, never a broken diagram.
 */
export async function checkDiagrams(
  markdown: string,
  check: (code: string) => Promise<{ ok: boolean; error?: string }>,
  repair: (code: string, error: string) => Promise<string | null>,
): Promise<{ content: string; repaired: number; unrendered: number }> {
  let content = markdown;
  let repaired = 0;
  let unrendered = 0;
  // Back to front, so earlier offsets stay valid.
  for (const block of mermaidBlocks(markdown).reverse()) {
    const verdict = await check(block.code);
    if (verdict.ok) continue;
    const fixed = await repair(block.code, verdict.error ?? "parse error");
    if (fixed && (await check(fixed)).ok) {
      content = `${content.slice(0, block.start)}${fixed}\n${content.slice(block.end)}`;
      repaired++;
      continue;
    }
    unrendered++;
    const fenceStart = content.lastIndexOf("\n", block.start - 2) + 1;
    const closing = content.indexOf("\n", block.end);
    const after = closing === -1 ? content.length : closing;
    const note = "> The diagram below did not parse as Mermaid, so it is shown as code.\n\n";
    content = `${content.slice(0, fenceStart)}${note}\`\`\`text\n${block.code}\n\`\`\`${content.slice(after)}`;
  }
  return { content, repaired, unrendered };
}

/** The diagram inside a model's reply to a repair request. */
export function mermaidFromReply(reply: string): string | null {
  const fenced = /```(?:mermaid)?[^\n]*\n([\s\S]*?)```/.exec(reply);
  const code = (fenced ? fenced[1] : reply).trim();
  return code === "" ? null : code;
}

/** Keeps citations that hold in the snapshot; invalid ones are unlinked (`unlinkCitations`). */
export function verifyPageCitations(
  markdown: string,
  lineCounts: ReadonlyMap<string, number>,
): { content: string; valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const citation of extractCitations(markdown)) {
    (citationHolds(citation, lineCounts) ? valid : invalid).push(citation.text);
  }
  return { content: unlinkCitations(markdown, new Set(invalid)), valid, invalid };
}

/**
 * Links between pages: `[t](wiki:id)` and `[t](#id)` to a page of the wiki are kept as
 * `wiki:id`; links to pages that do not exist become plain text.
 */
export function resolvePageLinks(markdown: string, pageIds: ReadonlySet<string>): string {
  return markdown.replace(
    // Page ids are slugs in any script (`数据流`, `überblick`).
    /\[([^\]\n]+)\]\((?:wiki:|#)([\p{L}\p{N}_-]+)\)/gu,
    (whole, text: string, id: string) => {
      if (pageIds.has(id)) return `[${text}](wiki:${id})`;
      return whole.includes("](#") ? whole : text;
    },
  );
}

/** Paths a page's content cites. */
export function citedPaths(markdown: string): string[] {
  return [...new Set(extractCitations(markdown).map((citation) => citation.path))];
}
