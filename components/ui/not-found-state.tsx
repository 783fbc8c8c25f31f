import Link from "next/link";
import type { ReactNode } from "react";

/**
 * What an unknown address shows, whether Next found no route (app/not-found.tsx) or a page
 * asked the server for an id it does not know: a plain sentence and where to go instead.
 */
export function NotFoundState({
  title = "Page not found",
  children = "There is nothing at this address. It may have been deleted, or the link is mistyped.",
  back = { href: "/", label: "Go to Home" },
}: {
  title?: string;
  children?: ReactNode;
  back?: { href: string; label: string };
}) {
  return (
    <section
      aria-labelledby="not-found-heading"
      data-testid="not-found"
      className="mx-auto flex w-full max-w-xl flex-col items-start px-4 py-16 sm:px-6"
    >
      <p className="font-mono text-sm font-medium text-sky-700 dark:text-sky-400">404</p>
      <h1 id="not-found-heading" className="mt-2 text-2xl font-semibold tracking-tight">
        {title}
      </h1>
      <p className="mt-3 leading-relaxed text-zinc-600 dark:text-zinc-400">{children}</p>
      <div className="mt-6 flex flex-wrap gap-3 text-sm">
        <Link
          href={back.href}
          className="rounded-md bg-sky-600 px-4 py-2 font-medium text-white hover:bg-sky-700 dark:bg-sky-500 dark:text-zinc-950 dark:hover:bg-sky-400"
        >
          {back.label}
        </Link>
        {back.href !== "/" ? (
          <Link
            href="/"
            className="rounded-md px-4 py-2 font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-zinc-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900"
          >
            Home
          </Link>
        ) : null}
      </div>
    </section>
  );
}

/** A repository id the server does not know (or that is not this reader's). */
export function UnknownRepository() {
  return (
    <NotFoundState title="No such repository" back={{ href: "/repos", label: "All repositories" }}>
      No repository has this id here. It may have been deleted, or it was never added.
    </NotFoundState>
  );
}
