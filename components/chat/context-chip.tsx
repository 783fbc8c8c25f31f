/** What goes with the next question as context (a file, the wiki page being read), removable. */
export function ContextChip({
  testId,
  kind,
  label,
  detail,
  mono = false,
  onRemove,
}: {
  testId: string;
  /** Read before the label by screen readers: "Context file", "Wiki page". */
  kind: string;
  label: string;
  /** Shown on hover (the page's files). */
  detail?: string;
  mono?: boolean;
  onRemove: () => void;
}) {
  return (
    <span
      data-testid={testId}
      className="inline-flex max-w-full items-center gap-1 rounded-full bg-sky-50 py-0.5 pr-1 pl-2.5 text-xs text-sky-900 ring-1 ring-sky-600/20 dark:bg-sky-400/10 dark:text-sky-200 dark:ring-sky-400/30"
    >
      <span className="sr-only">{kind}: </span>
      <span className={`truncate ${mono ? "font-mono" : ""}`} title={detail ?? label}>
        {label}
      </span>
      <button
        type="button"
        aria-label={`Remove ${kind.toLowerCase()} ${label}`}
        onClick={onRemove}
        className="inline-flex size-5 shrink-0 items-center justify-center rounded-full hover:bg-sky-100 dark:hover:bg-sky-400/20"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className="size-3"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </span>
  );
}
