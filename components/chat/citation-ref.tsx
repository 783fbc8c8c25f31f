"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { citationStatus } from "@/lib/client/chat/chat-citations";
import { sourceHref } from "@/lib/client/code/source-links";
import { useCitationScope } from "./citation-context";
import { CitationPreview } from "./citation-preview";

interface CitationRefProps {
  text: string;
  path: string;
  start: number;
  end: number;
  children: ReactNode;
}

/**
 * A `path:start-end` of an answer: a link into the source viewer at those lines when it
 * holds, struck through in red when the server found no such lines in this commit.
 */
export function CitationRef({ text, path, start, end, children }: CitationRefProps) {
  const scope = useCitationScope();
  const status = scope
    ? citationStatus({ text, path, start_line: start, end_line: end }, scope)
    : "unchecked";

  if (scope && status === "valid") {
    const range = { start: Math.min(start, end), end: Math.max(start, end) };
    return (
      <CitationPreview repoId={scope.repoId} path={path} commit={scope.commit} range={range}>
        {(describedBy) => (
          <Link
            href={sourceHref(scope.repoId, path, { ref: scope.commit, range })}
            data-citation="valid"
            aria-describedby={describedBy}
            className="rounded-sm font-mono text-[0.9em] text-sky-700 underline decoration-sky-700/30 underline-offset-2 hover:decoration-sky-700 dark:text-sky-300 dark:decoration-sky-300/30 dark:hover:decoration-sky-300"
          >
            {children}
          </Link>
        )}
      </CitationPreview>
    );
  }
  if (status === "invalid") {
    return (
      <span
        data-citation="invalid"
        title="not found in this commit"
        className="font-mono text-[0.9em] text-red-700 line-through decoration-red-600/70 dark:text-red-400"
      >
        {children}
        <span className="sr-only"> (not found in this commit)</span>
      </span>
    );
  }
  return <span data-citation="unchecked">{children}</span>;
}
