"use client";

import type { Element, ElementContent } from "hast";
import Link from "next/link";
import { type ComponentProps, memo, useMemo } from "react";
import Markdown, { type Components, defaultUrlTransform, type UrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";
import { escapePathEmphasis } from "@/lib/markdown/escape-paths";
import { type CitationScope, CitationScopeContext } from "./citation-context";
import { CitationRef } from "./citation-ref";
import { CodeBlock } from "./code-block";
import { AnchoredHeading } from "./heading-anchor";
import { MermaidDiagram } from "./mermaid-diagram";
import { remarkCitations } from "./remark-citations";
import { remarkHeadingIds } from "./remark-heading-ids";

const remarkPlugins = [remarkGfm, remarkCitations];
const anchoredPlugins = [remarkGfm, remarkCitations, remarkHeadingIds];

/**
 * Maps a link (or an image's source, shown as a link) of the text to a path inside the app
 * (`wiki:page-id` to that page, say), or null to leave it as an ordinary link; an in-app
 * link opens in place, not in a new tab.
 */
export type InAppLinkResolver = (href: string) => string | null;

/**
 * An answer's Markdown: GFM (tables, task lists, strikethrough), coloured code, Mermaid
 * diagrams and linked citations. The model's raw HTML is never rendered (it shows as text),
 * and images are shown as links: an answer cannot make the browser fetch anything.
 */
export const MarkdownAnswer = memo(function MarkdownAnswer({
  content,
  complete,
  scope,
  resolveLink,
  anchors = false,
}: {
  content: string;
  /** False while the answer streams. */
  complete: boolean;
  scope: CitationScope;
  /** Pass a stable function. */
  resolveLink?: InAppLinkResolver;
  /** Headings get ids and a copy-link anchor (one document per page: a wiki page, a report). */
  anchors?: boolean;
}) {
  const components = useMemo(
    () => componentsFor(complete, resolveLink, anchors),
    [complete, resolveLink, anchors],
  );
  // Resolved first: the default transform drops schemes it does not know, such as `wiki:`.
  const urlTransform = useMemo<UrlTransform | undefined>(
    () =>
      resolveLink
        ? (url, key) =>
            ((key === "href" || key === "src") && resolveLink(url)) || defaultUrlTransform(url)
        : undefined,
    [resolveLink],
  );
  // `pkg/__init__.py` is a file name, not `pkg/<strong>init</strong>.py`.
  const markdown = useMemo(() => escapePathEmphasis(content), [content]);
  return (
    <CitationScopeContext.Provider value={scope}>
      <div className="min-w-0 text-[15px] leading-7 text-zinc-800 dark:text-zinc-200">
        <Markdown
          remarkPlugins={anchors ? anchoredPlugins : remarkPlugins}
          components={components}
          urlTransform={urlTransform}
        >
          {markdown}
        </Markdown>
      </div>
    </CitationScopeContext.Provider>
  );
});

function textOf(node: ElementContent | Element): string {
  if (node.type === "text") return node.value;
  if (node.type === "element") return node.children.map(textOf).join("");
  return "";
}

/** `language-ts` → `ts` */
function languageOf(code: Element): string | null {
  const names = code.properties.className;
  const list = Array.isArray(names) ? names : [names];
  for (const name of list) {
    if (typeof name === "string" && name.startsWith("language-")) return name.slice(9) || null;
  }
  return null;
}

const heading = "mt-6 mb-2 font-semibold tracking-tight text-zinc-900 first:mt-0 dark:text-zinc-50";
const cell = "border border-zinc-200 px-3 py-1.5 text-left align-top dark:border-zinc-800";

const linkStyle = "text-sky-700 underline underline-offset-2 dark:text-sky-300";

/** A heading of the text; with anchors, one that can be linked to (remarkHeadingIds gave it an id). */
function headingFor(as: "h2" | "h3" | "h4", size: string, anchors: boolean): Components["h2"] {
  return ({ node: _, id, children, ...props }) =>
    anchors && id ? (
      <AnchoredHeading as={as} id={id} className={`${heading} ${size}`}>
        {children}
      </AnchoredHeading>
    ) : (
      // Tag chosen at run time from the same three the anchored heading uses.
      <HeadingTag as={as} className={`${heading} ${size}`} {...props}>
        {children}
      </HeadingTag>
    );
}

function HeadingTag({ as: Tag, ...props }: { as: "h2" | "h3" | "h4" } & ComponentProps<"h2">) {
  return <Tag {...props} />;
}

function componentsFor(
  complete: boolean,
  resolveLink: InAppLinkResolver | undefined,
  anchors: boolean,
): Components {
  return {
    h1: headingFor("h2", "text-xl", anchors),
    h2: headingFor("h2", "text-lg", anchors),
    h3: headingFor("h3", "text-base", anchors),
    h4: headingFor("h4", "text-sm", anchors),
    p: ({ node: _, ...props }) => <p className="my-3 first:mt-0 last:mb-0" {...props} />,
    ul: ({ node: _, ...props }) => <ul className="my-3 list-disc space-y-1 pl-6" {...props} />,
    ol: ({ node: _, ...props }) => <ol className="my-3 list-decimal space-y-1 pl-6" {...props} />,
    blockquote: ({ node: _, ...props }) => (
      <blockquote
        className="my-3 border-l-4 border-amber-400 bg-amber-50 px-4 py-2 text-zinc-700 dark:border-amber-500/70 dark:bg-amber-400/10 dark:text-zinc-300 [&_p]:my-1"
        {...props}
      />
    ),
    hr: () => <hr className="my-6 border-zinc-200 dark:border-zinc-800" />,
    table: ({ node: _, ...props }) => (
      <div className="my-3 overflow-x-auto">
        <table className="w-full border-collapse text-sm" {...props} />
      </div>
    ),
    th: ({ node: _, style, ...props }) => (
      <th
        className={`${cell} bg-zinc-50 font-semibold dark:bg-zinc-900`}
        style={style}
        {...props}
      />
    ),
    td: ({ node: _, style, ...props }) => <td className={cell} style={style} {...props} />,
    a: ({ node: _, href, children }) =>
      resolveLink && href?.startsWith("/") && !href.startsWith("//") ? (
        <Link href={href} className={linkStyle}>
          {children}
        </Link>
      ) : href?.startsWith("#") ? (
        // A heading of the same document.
        <a href={href} className={linkStyle}>
          {children}
        </a>
      ) : resolveLink && !href ? (
        // A link to nothing the app knows (a page not in this wiki): its text only.
        <span>{children}</span>
      ) : (
        <a
          href={href}
          target="_blank"
          rel="noopener noreferrer nofollow"
          className="text-sky-700 underline underline-offset-2 dark:text-sky-300"
        >
          {children}
        </a>
      ),
    img: ({ node: _, src, alt }) =>
      typeof src === "string" && src ? (
        <a
          href={src}
          target="_blank"
          rel="noopener noreferrer nofollow"
          className="text-sky-700 underline underline-offset-2 dark:text-sky-300"
        >
          {alt || "image"}
        </a>
      ) : (
        <span>{alt}</span>
      ),
    code: ({ node: _, ...props }) => (
      <code
        className="rounded bg-zinc-100 px-1 py-px font-mono text-[0.875em] dark:bg-zinc-800"
        {...props}
      />
    ),
    pre: ({ node }) => {
      const code = node?.children.find(
        (child): child is Element => child.type === "element" && child.tagName === "code",
      );
      if (!code) return null;
      const text = textOf(code).replace(/\n$/, "");
      const language = languageOf(code);
      if (language === "mermaid") return <MermaidDiagram code={text} complete={complete} />;
      return <CodeBlock code={text} language={language} />;
    },
    span: ({ node, children, ...props }) => {
      const cite = node?.properties;
      if (cite && typeof cite.dataCitePath === "string") {
        return (
          <CitationRef
            text={String(cite.dataCiteText)}
            path={cite.dataCitePath}
            start={Number(cite.dataCiteStart)}
            end={Number(cite.dataCiteEnd)}
          >
            {children}
          </CitationRef>
        );
      }
      return <span {...props}>{children}</span>;
    },
  };
}
