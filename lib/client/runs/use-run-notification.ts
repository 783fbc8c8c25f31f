import { useCallback, useEffect, useRef, useState } from "react";
import { isTerminalStatus, type RunStatus } from "@/lib/protocol/runs";

export type NotificationState = "unsupported" | "off" | "on" | "denied";

const outcome: Record<RunStatus, string> = {
  queued: "is queued",
  in_progress: "is running",
  completed: "has finished",
  failed: "has failed",
  cancelled: "was cancelled",
};

/** The user's choice, kept for the next run they watch (the browser keeps the permission). */
const PREFERENCE_KEY = "cartograph:notify-when-finished";

function rememberedOn(): boolean {
  try {
    return window.localStorage.getItem(PREFERENCE_KEY) === "on";
  } catch {
    return false;
  }
}

function remember(on: boolean): void {
  try {
    window.localStorage.setItem(PREFERENCE_KEY, on ? "on" : "off");
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}

/**
 * A browser notification when the watched run ends. Permission is asked only when the
 * user turns it on (browsers refuse a request that no click started); once granted, the
 * choice holds for the runs they watch next, until they turn it off.
 */
export function useRunNotification(
  runId: string,
  title: string,
  status: RunStatus | null,
): { state: NotificationState; enable(): Promise<void>; disable(): void } {
  const [state, setState] = useState<NotificationState>("off");
  const previous = useRef<RunStatus | null>(null);

  useEffect(() => {
    if (typeof Notification === "undefined") setState("unsupported");
    else if (Notification.permission === "denied") setState("denied");
    else if (Notification.permission === "granted" && rememberedOn()) setState("on");
  }, []);

  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (state !== "on" || !status || !before) return;
    if (isTerminalStatus(before) || !isTerminalStatus(status)) return;
    try {
      new Notification(`Research ${outcome[status]}`, { body: title, tag: `run-${runId}` });
    } catch {
      // Some browsers allow notifications only from a service worker; the page shows the outcome.
    }
  }, [status, state, title, runId]);

  const enable = useCallback(async () => {
    if (typeof Notification === "undefined") return setState("unsupported");
    const permission =
      Notification.permission === "default"
        ? await Notification.requestPermission()
        : Notification.permission;
    remember(permission === "granted");
    setState(permission === "granted" ? "on" : permission === "denied" ? "denied" : "off");
  }, []);
  const disable = useCallback(() => {
    remember(false);
    setState("off");
  }, []);

  return { state, enable, disable };
}
