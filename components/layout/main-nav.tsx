"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useState } from "react";

const links = [
  { href: "/", label: "Home", matches: (path: string) => path === "/" },
  { href: "/repos", label: "Repositories", matches: (path: string) => path.startsWith("/repos") },
  { href: "/wikis", label: "Wikis", matches: (path: string) => path.startsWith("/wikis") },
  { href: "/research", label: "Research", matches: (path: string) => path.startsWith("/research") },
  { href: "/usage", label: "Usage", matches: (path: string) => path.startsWith("/usage") },
  { href: "/settings", label: "Settings", matches: (path: string) => path.startsWith("/settings") },
];

const linkStyle = (active: boolean) =>
  `block rounded-md px-3 py-1.5 font-medium ${
    active
      ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
      : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-900 dark:hover:text-zinc-100"
  }`;

/** The site's sections: a row of links, or on a narrow screen a Menu button that opens them. */
export function MainNav() {
  const pathname = usePathname() ?? "/";
  const menuId = useId();
  const [open, setOpen] = useState(false);
  // Following a link (or going back) closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the pathname is the trigger
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  const items = links.map((link) => {
    const active = link.matches(pathname);
    return (
      <li key={link.href}>
        <Link
          href={link.href}
          aria-current={active ? "page" : undefined}
          className={linkStyle(active)}
          onClick={() => setOpen(false)}
        >
          {link.label}
        </Link>
      </li>
    );
  });

  return (
    <nav aria-label="Main" className="min-w-0 sm:order-none">
      <ul className="hidden items-center gap-1 p-1 text-sm whitespace-nowrap sm:flex">{items}</ul>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
        className="inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-zinc-50 sm:hidden dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.75"
          strokeLinecap="round"
          className="size-4"
        >
          {open ? <path d="M6 6l12 12M18 6 6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
        </svg>
        Menu
      </button>
      {open ? (
        <ul
          id={menuId}
          className="absolute inset-x-0 top-14 space-y-1 border-b border-zinc-200 bg-white px-4 py-3 text-base shadow-md sm:hidden dark:border-zinc-800 dark:bg-zinc-950"
        >
          {items}
        </ul>
      ) : null}
    </nav>
  );
}
