import type { ReactNode } from "react";

export function RunsEmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div
      data-testid="runs-empty"
      className="rounded-xl border border-dashed border-zinc-300 px-6 py-10 text-center dark:border-zinc-700"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        className="mx-auto size-8 text-zinc-400 dark:text-zinc-500"
      >
        <path d="M12 6v6l4 2" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="12" cy="12" r="9" />
      </svg>
      <p className="mt-3 font-medium text-zinc-900 dark:text-zinc-100">{title}</p>
      <p className="mx-auto mt-1 max-w-md text-sm text-zinc-500 dark:text-zinc-400">{children}</p>
    </div>
  );
}
