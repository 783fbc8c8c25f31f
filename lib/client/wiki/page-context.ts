import { extractCitations } from "@/lib/chat/citations";
import type { PageContext } from "../chat/chat-state";

/** As many files as a chat request may name (`filePaths`, PROTOCOLS.md section 1). */
export const MAX_CONTEXT_FILES = 20;

/**
 * What Ask docked beside a wiki page sends about it: its title, and its files (those it was
 * written from, then those its text cites), each once.
 */
export function pageContextOf(page: {
  title: string;
  file_paths: readonly string[];
  content: string;
}): PageContext {
  const cited = extractCitations(page.content).map((citation) => citation.path);
  const filePaths = [...new Set([...page.file_paths, ...cited])].slice(0, MAX_CONTEXT_FILES);
  return { title: page.title, filePaths };
}
