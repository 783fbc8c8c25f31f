"use client";

import "@/components/repo/code-theme.css";
import { memo } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { grammarFor } from "@/lib/client/code/syntax-highlight";
import { useHighlightedLines } from "@/lib/client/code/use-highlighted-lines";

/** A fenced block of an answer, coloured by its language once the grammar has loaded. */
export const CodeBlock = memo(function CodeBlock({
  code,
  language,
  note,
}: {
  code: string;
  language: string | null;
  /** A line shown over the code, e.g. why a diagram is shown as its source. */
  note?: string;
}) {
  // A fence names a language ("typescript") or an extension ("ts"); either finds the grammar.
  const grammar = language ? grammarFor({ language, path: `snippet.${language}` }) : null;
  const { lines, highlighted } = useHighlightedLines(code, grammar);
  return (
    <figure
      data-testid="code-block"
      data-language={language ?? undefined}
      className="my-3 overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800"
    >
      <figcaption className="flex items-center gap-2 border-b border-zinc-200 bg-zinc-50 py-0.5 pr-1 pl-3 text-xs text-zinc-500 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400">
        <span className="font-mono">{language ?? "text"}</span>
        {note ? (
          <span role="note" title={note} className="min-w-0 truncate">
            {note}
          </span>
        ) : null}
        <span className="ml-auto shrink-0">
          <CopyButton text={code} label="Copy code" />
        </span>
      </figcaption>
      <pre
        data-highlighted={highlighted ? "true" : "false"}
        className="code-text overflow-x-auto bg-white px-4 py-3 font-mono text-[13px] leading-5 dark:bg-zinc-950"
      >
        <code
          // biome-ignore lint/security/noDangerouslySetInnerHtml: highlightToLines escapes every line; markup comes only from grammar scopes.
          dangerouslySetInnerHTML={{ __html: lines.join("\n") }}
        />
      </pre>
    </figure>
  );
});
