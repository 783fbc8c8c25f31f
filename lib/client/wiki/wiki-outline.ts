import type { WikiPageView, WikiSectionView, WikiView } from "@/lib/protocol/wiki";

/** A section of the tree with its pages and nested sections, resolved from ids. */
export interface OutlineSection {
  section: WikiSectionView;
  pages: WikiPageView[];
  children: OutlineSection[];
}

/** The wiki as a tree: pages outside any section first, then the root sections in order. */
export interface WikiOutline {
  pages: WikiPageView[];
  sections: OutlineSection[];
  /** Every page once, in reading order (top to bottom of the tree). */
  order: WikiPageView[];
}

/**
 * Resolves the structure's ids into a tree. Unknown ids are skipped, a section or page is
 * placed once (the first place that names it), and a page that no section lists is kept at
 * the root rather than lost; a flat wiki (no sections) is its pages in order.
 */
export function wikiOutline(
  view: Pick<WikiView, "sections" | "root_sections" | "pages">,
): WikiOutline {
  const pagesById = new Map(view.pages.map((page) => [page.id, page]));
  const sectionsById = new Map(view.sections.map((section) => [section.id, section]));
  const placedPages = new Set<string>();
  const placedSections = new Set<string>();

  const build = (sectionId: string): OutlineSection | null => {
    const section = sectionsById.get(sectionId);
    if (!section || placedSections.has(sectionId)) return null;
    placedSections.add(sectionId);
    const pages: WikiPageView[] = [];
    for (const pageId of section.pages) {
      const page = pagesById.get(pageId);
      if (!page || placedPages.has(pageId)) continue;
      placedPages.add(pageId);
      pages.push(page);
    }
    const children = section.subsections
      .map(build)
      .filter((child): child is OutlineSection => child !== null);
    return { section, pages, children };
  };

  // Root sections as listed; any section neither listed nor nested still shows at the root.
  const nested = new Set(view.sections.flatMap((section) => section.subsections));
  const rootIds = [
    ...view.root_sections,
    ...view.sections.map((section) => section.id).filter((id) => !nested.has(id)),
  ];
  const sections = rootIds.map(build).filter((entry): entry is OutlineSection => entry !== null);
  const loose = view.pages.filter((page) => !placedPages.has(page.id));

  const order: WikiPageView[] = [...loose];
  const walk = (entry: OutlineSection) => {
    order.push(...entry.pages);
    entry.children.forEach(walk);
  };
  sections.forEach(walk);
  return { pages: loose, sections, order };
}

/** Whether any page of a section (or of its subsections) matches. */
export function sectionHas(entry: OutlineSection, match: (page: WikiPageView) => boolean): boolean {
  return entry.pages.some(match) || entry.children.some((child) => sectionHas(child, match));
}
