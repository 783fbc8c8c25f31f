/** The secondary button of the wiki pages (toolbar, notices). */
export const outlineButton =
  "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900";
