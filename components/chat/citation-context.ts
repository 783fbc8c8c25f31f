import { createContext, useContext } from "react";
import type { Citation, SourceItem } from "@/lib/protocol/chat";

/** What an answer's citations are checked against and where they link. */
export interface CitationScope {
  repoId: string;
  /** The commit the answer read (meta event): links are pinned to it. */
  commit?: string;
  /** The server's check of every citation, once the answer is done. */
  citations?: readonly Citation[];
  sources?: readonly SourceItem[];
}

export const CitationScopeContext = createContext<CitationScope | null>(null);

export const useCitationScope = () => useContext(CitationScopeContext);
