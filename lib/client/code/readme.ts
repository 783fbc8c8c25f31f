/**
 * The README the source viewer shows before a file is chosen: the root's `README.md` (any
 * case) first, then another root README (`README`, `readme.rst`, …); null when there is none.
 */
export function findReadme<File extends { path: string }>(files: readonly File[]): File | null {
  return (
    files.find((file) => /^readme\.(md|markdown)$/i.test(file.path)) ??
    files.find((file) => /^readme(\.[\w-]+)?$/i.test(file.path)) ??
    null
  );
}

/** Whether a file is Markdown, to render rather than show as text. */
export const isMarkdownPath = (path: string) => /\.(md|markdown|mdx)$/i.test(path);
