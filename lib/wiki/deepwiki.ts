import type {
  DeepWikiCache,
  DeepWikiPage,
  DeepWikiRepoType,
  StoreWikiCacheRequest,
} from "../protocol/deepwiki";
import type { WikiView } from "../protocol/wiki";
import { typeOfHost } from "../repos/host-type";
import { redactTokens } from "../security/redact-tokens";
import type { StoredStructure } from "./plan-store";
import type { NewWikiPage } from "./queries";

/** DeepWiki's `repo_type` of one of our repositories. */
export function repoTypeOf(repository: { kind: string; host: string | null }): DeepWikiRepoType {
  if (repository.kind === "local") return "local";
  return typeOfHost(repository.host ?? "");
}

/** DeepWiki's `repo_type` of a repository's source (an https URL or a local path). */
export function repoTypeOfSource(source: string): DeepWikiRepoType {
  if (!source.startsWith("https://")) return "local";
  return typeOfHost(new URL(source).hostname.toLowerCase());
}

/** A stored wiki as DeepWiki's cache entry; every page has its content in both places. */
export function toDeepWikiCache(view: WikiView): DeepWikiCache {
  const type = repoTypeOfSource(view.source);
  const pages: DeepWikiPage[] = view.pages.map((page) => ({
    id: page.id,
    title: page.title,
    content: redactTokens(page.content),
    filePaths: page.file_paths,
    importance: page.importance,
    relatedPages: page.related_pages,
  }));
  return {
    wiki_structure: {
      id: view.wiki_id,
      title: redactTokens(view.title),
      description: redactTokens(view.description),
      pages,
      sections: view.sections.map((section) => ({
        id: section.id,
        title: section.title,
        pages: section.pages,
        subsections: section.subsections,
      })),
      rootSections: view.root_sections,
    },
    generated_pages: Object.fromEntries(pages.map((page) => [page.id, page])),
    repo: {
      owner: view.owner,
      repo: view.name,
      type,
      ...(type === "local" ? { localPath: view.source } : { repoUrl: view.source }),
    },
    provider: view.provider,
    model: view.model,
  };
}

export interface StoredCacheWiki {
  title: string;
  description: string;
  structure: StoredStructure;
  pages: Omit<NewWikiPage, "wikiId">[];
  /** Every page has content. */
  complete: boolean;
}

/**
 * DeepWiki's cache body as our rows, kept as the client sent it so a GET gives it back:
 * pages in the structure's order (then any only in `generated_pages`), each as its
 * `generated_pages` entry holds it (the structure's entry when there is none), sections and
 * references as they are. Only credentials are removed: the request's token and anything
 * shaped like one. Checks of the content are kept beside it, not in it.
 */
export function storedWikiOf(request: StoreWikiCacheRequest): StoredCacheWiki {
  const secrets = [request.repo.token];
  const clean = (text: string) => redactTokens(text, secrets);
  const { wiki_structure: structure, generated_pages: generated } = request;
  const planned = new Map(structure.pages.map((page) => [page.id, page]));
  const byId = new Map<string, DeepWikiPage>();
  for (const page of [...structure.pages, ...Object.values(generated)]) {
    if (!byId.has(page.id)) byId.set(page.id, generated[page.id] ?? page);
  }
  const sections = structure.sections.map((section) => ({
    id: section.id,
    title: clean(section.title),
    pages: section.pages,
    // DeepWiki's client leaves out an empty list (and DeepWiki answers it as null).
    subsections: section.subsections ?? [],
  }));
  const sectionOf = new Map<string, string>();
  for (const section of sections) {
    for (const pageId of section.pages)
      if (!sectionOf.has(pageId)) sectionOf.set(pageId, section.id);
  }
  const now = new Date();
  const pages = [...byId.values()].map((page, position) => {
    const content = clean(page.content || planned.get(page.id)?.content || "");
    return {
      pageId: page.id,
      position,
      title: clean(page.title),
      description: "",
      importance: page.importance,
      filePaths: page.filePaths.map(clean),
      relatedPages: page.relatedPages,
      sectionId: sectionOf.get(page.id) ?? null,
      status: content ? ("done" as const) : ("failed" as const),
      content,
      sources: {},
      error: content ? null : "No content was stored for this page",
      generatedAt: content ? now : null,
    };
  });
  return {
    title: clean(structure.title),
    description: clean(structure.description),
    structure: { sections, rootSections: structure.rootSections },
    pages,
    complete: pages.every((page) => page.status === "done"),
  };
}
