import type { RunStatus } from "@/lib/protocol/runs";

const kindLabels: Record<string, string> = {
  wiki: "Wiki",
  research: "Deep research",
  index: "Index",
};

/** A readable name for a run kind; unknown kinds are spelled out from their id. */
export function kindLabel(kind: string): string {
  const known = kindLabels[kind];
  if (known) return known;
  const words = kind.replace(/[._-]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "Run";
}

/**
 * A repository as a research named it, short enough for a list: `acme/rocket` for a URL
 * or shorthand (subgroups kept), the folder's name for a local path.
 */
export function repositoryLabel(source: string): string {
  const trimmed = source
    .trim()
    .replace(/\/+$/, "")
    .replace(/\.git$/, "");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !trimmed.startsWith("file:")) {
    try {
      return new URL(trimmed).pathname.replace(/^\/+/, "") || trimmed;
    } catch {
      return trimmed;
    }
  }
  if (trimmed.startsWith("/") || trimmed.startsWith("file:") || trimmed.startsWith("~"))
    return trimmed.split("/").at(-1) || trimmed;
  return trimmed;
}

export const statusLabels: Record<RunStatus, string> = {
  queued: "Queued",
  in_progress: "In progress",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const calendarDate = new Intl.DateTimeFormat("en", {
  year: "numeric",
  month: "short",
  day: "numeric",
});

/** "just now", "5 minutes ago", "yesterday"; a calendar date beyond a week. */
export function formatRelativeTime(iso: string, now: number): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return "";
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 45 * 60) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 22 * 3600) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), "day");
  return calendarDate.format(time);
}

/** "<0.1s", "0.4s", "12s", "4m 05s", "2h 10m". */
export function formatDuration(seconds: number): string {
  if (seconds < 0.1) return "<0.1s";
  if (seconds < 10) return `${seconds.toFixed(1)}s`;
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const whole = Math.round(seconds);
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h ${Math.floor((whole % 3600) / 60)}m`;
}

/** "1st", "2nd", "3rd", "11th" — for places in the queue. */
export function ordinal(value: number): string {
  const tens = value % 100;
  if (tens >= 11 && tens <= 13) return `${value}th`;
  const suffix = ["th", "st", "nd", "rd"][value % 10] ?? "th";
  return `${value}${suffix}`;
}
