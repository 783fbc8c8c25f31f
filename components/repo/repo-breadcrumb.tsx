import Link from "next/link";
import type { ReactNode } from "react";
import { repoHref } from "@/lib/client/code/source-links";

/** "Repositories / owner/name", then the page's own items (`<li>`s) after it. */
export function RepoBreadcrumb({
  repoId,
  title,
  className = "",
  children,
}: {
  repoId: string;
  title: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <nav aria-label="Breadcrumb" className={`min-w-0 text-sm ${className}`}>
      <ol className="flex flex-wrap items-center gap-1 text-zinc-600 dark:text-zinc-400">
        <li>
          <Link
            href="/repos"
            className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
          >
            Repositories
          </Link>
        </li>
        <li aria-hidden="true">/</li>
        <li>
          <Link
            href={repoHref(repoId)}
            className="font-medium text-zinc-900 hover:underline dark:text-zinc-100"
          >
            {title}
          </Link>
        </li>
        {children}
      </ol>
    </nav>
  );
}
