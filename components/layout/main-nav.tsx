"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/", label: "Home", matches: (path: string) => path === "/" },
  { href: "/repos", label: "Repositories", matches: (path: string) => path.startsWith("/repos") },
  { href: "/wikis", label: "Wikis", matches: (path: string) => path.startsWith("/wikis") },
  { href: "/research", label: "Research", matches: (path: string) => path.startsWith("/research") },
  { href: "/settings", label: "Settings", matches: (path: string) => path.startsWith("/settings") },
];

export function MainNav() {
  const pathname = usePathname() ?? "/";
  return (
    // Scrolls sideways rather than pushing the header past a narrow screen (padding keeps focus rings unclipped).
    <nav aria-label="Main" className="min-w-0 overflow-x-auto">
      <ul className="flex items-center gap-1 p-1 text-sm whitespace-nowrap">
        {links.map((link) => {
          const active = link.matches(pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`rounded-md px-3 py-1.5 font-medium ${
                  active
                    ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
                    : "text-zinc-600 hover:bg-zinc-50 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-900 dark:hover:text-zinc-100"
                }`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
