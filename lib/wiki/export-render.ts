import path from "node:path";

/**
 * Renders a wiki's outline and pages as Markdown: one document with anchors, or one file
 * per page in section folders. `wiki:` links become anchors or relative paths.
 */

/** What an export needs of a wiki: its outline and its pages. */
export interface ExportableWiki {
  title: string;
  description: string;
  /** Lines shown under the title (repository, commit, model). */
  meta: string[];
  sections: { id: string; title: string; pages: string[]; subsections?: string[] }[];
  rootSections: string[];
  pages: ExportablePage[];
}

export interface ExportablePage {
  id: string;
  title: string;
  content: string;
  relatedPages: string[];
}

export type OutlineNode =
  | { kind: "section"; id: string; title: string; children: OutlineNode[] }
  | { kind: "page"; page: ExportablePage };

/**
 * Sections in the wiki's order with their pages and subsections; pages no section lists
 * come first (a flat wiki is only those), sections nobody nests are roots.
 */
export function outlineOf(wiki: ExportableWiki): OutlineNode[] {
  const pages = new Map(wiki.pages.map((page) => [page.id, page]));
  const sections = new Map(wiki.sections.map((section) => [section.id, section]));
  const placed = new Set<string>();
  const visited = new Set<string>();
  const sectionNode = (id: string): OutlineNode | null => {
    const section = sections.get(id);
    if (!section || visited.has(id)) return null;
    visited.add(id);
    const children: OutlineNode[] = [];
    for (const pageId of section.pages) {
      const page = pages.get(pageId);
      if (!page || placed.has(pageId)) continue;
      placed.add(pageId);
      children.push({ kind: "page", page });
    }
    for (const child of section.subsections ?? []) {
      const node = sectionNode(child);
      if (node) children.push(node);
    }
    return { kind: "section", id, title: section.title, children };
  };
  const nested = new Set(wiki.sections.flatMap((section) => section.subsections ?? []));
  const roots = [
    ...wiki.rootSections,
    ...wiki.sections.map((section) => section.id).filter((id) => !nested.has(id)),
  ];
  const sectionNodes = roots.map(sectionNode).filter((node) => node !== null);
  // Sections only reachable through a cycle still appear.
  for (const section of wiki.sections) {
    const node = sectionNode(section.id);
    if (node) sectionNodes.push(node);
  }
  const loose: OutlineNode[] = wiki.pages
    .filter((page) => !placed.has(page.id))
    .map((page) => ({ kind: "page", page }));
  return [...loose, ...sectionNodes];
}

/** A URL-, file- and anchor-safe name. */
export function slugify(text: string, fallback = "page"): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || fallback;
}

/** One Markdown document: title, table of contents, then every page under its section. */
export function renderMarkdown(wiki: ExportableWiki): string {
  const outline = outlineOf(wiki);
  const anchors = uniqueNames(
    wiki.pages.map((page) => page.id),
    (id) => slugify(id),
  );
  const titles = new Map(wiki.pages.map((page) => [page.id, page.title]));
  const out: string[] = [`# ${oneLine(wiki.title)}`, ""];
  if (wiki.description) out.push(wiki.description, "");
  for (const line of wiki.meta) out.push(`${line}  `);
  out.push("", "## Contents", "");
  const toc = (nodes: OutlineNode[], depth: number) => {
    for (const node of nodes) {
      const indent = "  ".repeat(depth);
      if (node.kind === "page") {
        out.push(`${indent}- [${oneLine(node.page.title)}](#${anchors.get(node.page.id)})`);
      } else {
        out.push(`${indent}- ${oneLine(node.title)}`);
        toc(node.children, depth + 1);
      }
    }
  };
  toc(outline, 0);
  out.push("");
  const link = (pageId: string) => {
    const anchor = anchors.get(pageId);
    return anchor ? `#${anchor}` : null;
  };
  const body = (nodes: OutlineNode[], level: number) => {
    for (const node of nodes) {
      if (node.kind === "section") {
        out.push(`${"#".repeat(Math.min(level, 6))} ${oneLine(node.title)}`, "");
        body(node.children, level + 1);
        continue;
      }
      const { page } = node;
      out.push("---", "", `<a id="${anchors.get(page.id)}"></a>`, "");
      out.push(`${"#".repeat(Math.min(level, 6))} ${oneLine(page.title)}`, "");
      const related = relatedLinks(page, titles, link);
      if (related) out.push(related, "");
      out.push(rewritePage(page, { link, headingBase: level }), "");
    }
  };
  body(outline, 2);
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}

/**
 * A folder per section, a Markdown file per page and a README.md with the contents;
 * links between pages become relative file links. Everything sits in one top folder.
 */
export function renderZipEntries(
  wiki: ExportableWiki,
  folder: string,
): { path: string; content: string }[] {
  const outline = outlineOf(wiki);
  const files = new Map<string, string>();
  const place = (nodes: OutlineNode[], dir: string) => {
    nodes.forEach((node, index) => {
      const prefix = String(index + 1).padStart(2, "0");
      if (node.kind === "page") {
        files.set(
          node.page.id,
          `${dir}${prefix}-${slugify(node.page.title, slugify(node.page.id))}.md`,
        );
      } else {
        place(node.children, `${dir}${prefix}-${slugify(node.title, "section")}/`);
      }
    });
  };
  place(outline, "");
  const titles = new Map(wiki.pages.map((page) => [page.id, page.title]));
  const entries: { path: string; content: string }[] = [];

  const index: string[] = [`# ${oneLine(wiki.title)}`, ""];
  if (wiki.description) index.push(wiki.description, "");
  for (const line of wiki.meta) index.push(`${line}  `);
  index.push("", "## Contents", "");
  const toc = (nodes: OutlineNode[], depth: number) => {
    for (const node of nodes) {
      const indent = "  ".repeat(depth);
      if (node.kind === "page") {
        index.push(
          `${indent}- [${oneLine(node.page.title)}](${encodePath(files.get(node.page.id)!)})`,
        );
      } else {
        index.push(`${indent}- ${oneLine(node.title)}`);
        toc(node.children, depth + 1);
      }
    }
  };
  toc(outline, 0);
  entries.push({ path: `${folder}/README.md`, content: `${index.join("\n")}\n` });

  for (const page of pagesInOrder(outline)) {
    const file = files.get(page.id)!;
    const link = (pageId: string) => {
      const target = files.get(pageId);
      return target ? encodePath(path.posix.relative(path.posix.dirname(file), target)) : null;
    };
    const lines = [`# ${oneLine(page.title)}`, ""];
    const related = relatedLinks(page, titles, link);
    if (related) lines.push(related, "");
    lines.push(rewritePage(page, { link, headingBase: 1 }));
    entries.push({ path: `${folder}/${file}`, content: `${lines.join("\n").trimEnd()}\n` });
  }
  return entries;
}

function relatedLinks(
  page: ExportablePage,
  titles: Map<string, string>,
  link: (pageId: string) => string | null,
): string | null {
  const items = page.relatedPages
    .map((id) => {
      const target = link(id);
      return target ? `[${oneLine(titles.get(id) ?? id)}](${target})` : null;
    })
    .filter((item) => item !== null);
  return items.length > 0 ? `Related pages: ${items.join(", ")}` : null;
}

/**
 * Rewrites `wiki:` links with `link` (to plain text when the page is unknown) and shifts
 * the page's headings so its highest one sits one level below `headingBase`; fenced code
 * is left as it is. Citations (`path:start-end`) are text and stay text.
 */
export function rewritePage(
  page: ExportablePage,
  { link, headingBase }: { link: (pageId: string) => string | null; headingBase: number },
): string {
  const lines = page.content.replace(/\r\n?/g, "\n").split("\n");
  // A first heading that repeats the page title is the title, already written above.
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first !== -1 && /^#{1,6}\s/.test(lines[first])) {
    const text = lines[first].replace(/^#{1,6}\s+/, "").trim();
    if (text.toLowerCase() === page.title.trim().toLowerCase()) lines.splice(first, 1);
  }
  const fence = /^\s{0,3}(`{3,}|~{3,})/;
  let open: string | null = null;
  let highest = 7;
  for (const line of lines) {
    const marker = fence.exec(line)?.[1];
    if (marker && (!open || (marker[0] === open[0] && marker.length >= open.length))) {
      open = open ? null : marker;
      continue;
    }
    const heading = !open && /^(#{1,6})\s/.exec(line);
    if (heading) highest = Math.min(highest, heading[1].length);
  }
  const shift = highest === 7 ? 0 : Math.max(0, headingBase + 1 - highest);
  open = null;
  return lines
    .map((line) => {
      const marker = fence.exec(line)?.[1];
      if (marker && (!open || (marker[0] === open[0] && marker.length >= open.length))) {
        open = open ? null : marker;
        return line;
      }
      if (open) return line;
      const shifted = line.replace(
        /^(#{1,6})(\s)/,
        (_, hashes: string, space: string) =>
          `${"#".repeat(Math.min(6, hashes.length + shift))}${space}`,
      );
      return shifted.replace(
        /\[([^\]\n]*)\]\(wiki:([^)\s#]+)(#[^)\s]*)?\)/g,
        (_, text, id, hash) => {
          const target = link(decodedId(id));
          return target ? `[${text}](${target}${hash ?? ""})` : text;
        },
      );
    })
    .join("\n")
    .trim();
}

function pagesInOrder(nodes: OutlineNode[]): ExportablePage[] {
  return nodes.flatMap((node) =>
    node.kind === "page" ? [node.page] : pagesInOrder(node.children),
  );
}

function uniqueNames(ids: string[], name: (id: string) => string): Map<string, string> {
  const used = new Set<string>();
  const names = new Map<string, string>();
  for (const id of ids) {
    const base = name(id);
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}-${n}`;
    used.add(candidate);
    names.set(id, candidate);
  }
  return names;
}

function decodedId(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}

function encodePath(relative: string): string {
  return relative.split("/").map(encodeURIComponent).join("/");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
