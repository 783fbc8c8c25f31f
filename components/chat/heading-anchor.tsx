"use client";

import { type ReactNode, useState } from "react";

/**
 * A section heading with an anchor: its id comes from its text (remarkHeadingIds), and the
 * link beside it (outside the heading, so the heading's name stays its text) copies the
 * address of this section.
 */
export function AnchoredHeading({
  as: Tag,
  id,
  className,
  children,
}: {
  as: "h2" | "h3" | "h4";
  id: string;
  className: string;
  children: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <div className={`group flex items-baseline gap-2 ${className}`}>
      <Tag id={id} data-anchor="true" className="scroll-mt-20">
        {children}
      </Tag>
      <a
        href={`#${id}`}
        aria-label="Copy link to this section"
        title={copied ? "Link copied" : "Copy link to this section"}
        onClick={(event) => {
          event.preventDefault();
          const url = new URL(window.location.href);
          url.hash = id;
          window.history.replaceState(window.history.state, "", url);
          void navigator.clipboard?.writeText(url.toString()).then(
            () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            },
            () => undefined,
          );
        }}
        className="shrink-0 text-sm font-normal text-zinc-400 opacity-0 group-hover:opacity-100 focus-visible:opacity-100 hover:text-sky-700 dark:hover:text-sky-300"
      >
        {copied ? "Copied" : "#"}
      </a>
    </div>
  );
}
