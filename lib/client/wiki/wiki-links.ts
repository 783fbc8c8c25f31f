import { repoHref } from "../code/source-links";

/** What the wiki route's address says: a page, and which wiki of the repository. */
export interface WikiAddress {
  page?: string | null;
  /** One wiki by id (the projects page links each one). */
  wiki?: string | null;
  language?: string | null;
  wikiType?: string | null;
}

/** `/repos/{id}/wiki?page=overview&language=ja&wiki_type=concise` */
export function wikiHref(repoId: string, address: WikiAddress = {}): string {
  const query = new URLSearchParams();
  if (address.wiki) query.set("wiki", address.wiki);
  if (address.language) query.set("language", address.language);
  if (address.wikiType) query.set("wiki_type", address.wikiType);
  if (address.page) query.set("page", address.page);
  const search = query.toString();
  return `${repoHref(repoId)}/wiki${search ? `?${search}` : ""}`;
}

/** A link's target when it names a page of the wiki (`wiki:page-id`), else null. */
export function wikiLinkTarget(href: string): string | null {
  // The Markdown renderer percent-encodes ids in other scripts (`wiki:%E6%A6%82%E8%A6%81`).
  let decoded: string;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    return null;
  }
  const match = /^wiki:([\p{L}\p{N}_.-]+)$/u.exec(decoded);
  return match ? match[1] : null;
}

/**
 * A relative link the model wrote to a file of the repository (`src/cart.ts`), else null:
 * anything with a scheme, a leading slash, a fragment or a query is not one.
 */
export function repoFileLinkTarget(href: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || /^[/#?]/.test(href)) return null;
  const path = href.replace(/^\.\//, "").split("#")[0];
  return /^[\w@.-]+(\/[\w@.-]+)*$/.test(path) && !path.split("/").includes("..") ? path : null;
}
