/** The text field look shared by the repository forms. */
export const inputStyle =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs placeholder:text-zinc-400 focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500";

export const primaryButtonStyle =
  "inline-flex shrink-0 items-center rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white shadow-xs hover:bg-sky-700 disabled:cursor-wait disabled:opacity-60 dark:bg-sky-500 dark:text-zinc-950 dark:hover:bg-sky-400";

export const alertStyle =
  "rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200";
