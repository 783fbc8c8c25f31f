import { useEffect } from "react";
import type { RunStatus } from "@/lib/protocol/runs";

const statusWords: Record<RunStatus, string> = {
  queued: "Queued",
  in_progress: "",
  completed: "Done",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** "42% · Research", "Done · Research": what the tab says while the reader is elsewhere. */
export function progressTitle(label: string, status: RunStatus | null, progress: number): string {
  if (!status) return label;
  const prefix = status === "in_progress" ? `${Math.floor(progress)}%` : statusWords[status];
  return `${prefix} · ${label}`;
}

const ringColour: Record<RunStatus, string> = {
  queued: "#f59e0b",
  in_progress: "#0ea5e9",
  completed: "#10b981",
  failed: "#ef4444",
  cancelled: "#a1a1aa",
};

/** A 32 px icon: a ring filled to the run's progress, in the colour of its status. */
function progressIcon(status: RunStatus, progress: number): string | null {
  const canvas = document.createElement("canvas");
  canvas.width = 32;
  canvas.height = 32;
  const context = canvas.getContext("2d");
  if (!context) return null;
  const fraction = status === "in_progress" ? Math.min(1, Math.max(0, progress / 100)) : 1;
  context.lineWidth = 6;
  context.strokeStyle = "rgba(113, 113, 122, 0.35)";
  context.beginPath();
  context.arc(16, 16, 12, 0, Math.PI * 2);
  context.stroke();
  context.strokeStyle = ringColour[status];
  context.beginPath();
  context.arc(16, 16, 12, -Math.PI / 2, -Math.PI / 2 + fraction * Math.PI * 2);
  context.stroke();
  return canvas.toDataURL("image/png");
}

/** Shows the run's progress in the tab's title and icon; both are put back on leaving. */
export function useProgressTitle(label: string, status: RunStatus | null, progress: number): void {
  const percent = Math.floor(progress);

  useEffect(() => {
    const before = document.title;
    const title = progressTitle(label, status, percent);
    document.title = title;
    // Next streams the page's metadata: its <title> can land after this effect ran
    // and would put the static title back, so ours is reasserted whenever it changes.
    const observer = new MutationObserver(() => {
      if (document.title !== title) document.title = title;
    });
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = before;
    };
  }, [label, status, percent]);

  useEffect(() => {
    if (!status) return;
    const href = progressIcon(status, percent);
    if (!href) return;
    const icons = [...document.querySelectorAll<HTMLLinkElement>("link[rel~='icon']")];
    const saved = icons.map((icon) => ({ icon, href: icon.href, type: icon.type }));
    let added: HTMLLinkElement | null = null;
    if (icons.length === 0) {
      added = document.createElement("link");
      added.rel = "icon";
      document.head.append(added);
      icons.push(added);
    }
    for (const icon of icons) {
      icon.type = "image/png";
      icon.href = href;
    }
    return () => {
      for (const { icon, href: previous, type } of saved) {
        icon.href = previous;
        icon.type = type;
      }
      added?.remove();
    };
  }, [status, percent]);
}
