/** The main action of a form or a panel. */
export const primaryButton =
  "inline-flex shrink-0 items-center rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white shadow-xs hover:bg-sky-700 disabled:cursor-wait disabled:opacity-60 dark:bg-sky-500 dark:text-zinc-950 dark:hover:bg-sky-400";

/** A secondary action beside content (a toolbar, a notice). */
export const outlineButton =
  "inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-medium text-zinc-800 ring-1 ring-zinc-300 hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900";

/** A quiet action on a result (copy, download, export). */
export const actionButton =
  "rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

/** The text field look of every form. */
export const inputStyle =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500";
