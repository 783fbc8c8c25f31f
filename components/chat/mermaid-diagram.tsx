"use client";

import { memo, useEffect, useId, useState } from "react";
import { CodeBlock } from "./code-block";

type Mermaid = typeof import("mermaid")["default"];

let loading: Promise<Mermaid> | null = null;
/** Mermaid is large: it loads with the first diagram, not with the page. */
const loadMermaid = () => {
  loading ??= import("mermaid").then((module) => module.default);
  return loading;
};
let renders = 0;

type Drawn = { code: string; svg: string } | { code: string; error: string };

/**
 * A ```mermaid block drawn client-side in strict mode (no HTML labels, no click handlers,
 * sanitised SVG). While the answer streams, or when the diagram does not parse, its
 * source is shown instead.
 */
export const MermaidDiagram = memo(function MermaidDiagram({
  code,
  complete,
}: {
  code: string;
  /** False while the answer streams: a half-written diagram is not drawn. */
  complete: boolean;
}) {
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const baseId = `mermaid-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;

  useEffect(() => {
    if (!complete) return;
    let cancelled = false;
    const id = `${baseId}-${++renders}`;
    void (async () => {
      try {
        const mermaid = await loadMermaid();
        mermaid.initialize({
          startOnLoad: false,
          securityLevel: "strict",
          theme: document.documentElement.classList.contains("dark") ? "dark" : "default",
        });
        await mermaid.parse(code);
        const { svg } = await mermaid.render(id, code);
        if (!cancelled) setDrawn({ code, svg });
      } catch (error) {
        // A failed render can leave its scratch element behind.
        document.getElementById(`d${id}`)?.remove();
        document.getElementById(id)?.remove();
        const message = error instanceof Error ? error.message : String(error);
        if (!cancelled) setDrawn({ code, error: message.split("\n")[0].slice(0, 200) });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [code, complete, baseId]);

  const current = drawn?.code === code ? drawn : null;
  if (current && "svg" in current) {
    return (
      <figure
        data-testid="mermaid-diagram"
        className="my-3 overflow-x-auto rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-950 [&_svg]:mx-auto [&_svg]:h-auto [&_svg]:max-w-full"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: SVG from mermaid in strict mode, which sanitises it (DOMPurify) and allows no HTML labels or scripts.
        dangerouslySetInnerHTML={{ __html: current.svg }}
      />
    );
  }
  const note = !complete
    ? "Diagram: drawn once the text is complete"
    : current
      ? `This diagram could not be drawn: ${current.error}`
      : "Drawing the diagram…";
  return <CodeBlock code={code} language="mermaid" note={note} />;
});
