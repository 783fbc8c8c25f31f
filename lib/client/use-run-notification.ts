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

/**
 * A browser notification when the watched run ends. Permission is asked only when the
 * user turns it on (browsers refuse a request that no click started).
 */
export function useRunNotification(
  title: string,
  status: RunStatus | null,
): { state: NotificationState; enable(): Promise<void>; disable(): void } {
  const [state, setState] = useState<NotificationState>("off");
  const previous = useRef<RunStatus | null>(null);

  useEffect(() => {
    if (typeof Notification === "undefined") setState("unsupported");
    else if (Notification.permission === "denied") setState("denied");
  }, []);

  useEffect(() => {
    const before = previous.current;
    previous.current = status;
    if (state !== "on" || !status || !before) return;
    if (isTerminalStatus(before) || !isTerminalStatus(status)) return;
    try {
      new Notification(`Research ${outcome[status]}`, { body: title, tag: `run-${title}` });
    } catch {
      // Some browsers allow notifications only from a service worker; the page shows the outcome.
    }
  }, [status, state, title]);

  const enable = useCallback(async () => {
    if (typeof Notification === "undefined") return setState("unsupported");
    const permission =
      Notification.permission === "default"
        ? await Notification.requestPermission()
        : Notification.permission;
    setState(permission === "granted" ? "on" : permission === "denied" ? "denied" : "off");
  }, []);
  const disable = useCallback(() => setState("off"), []);

  return { state, enable, disable };
}
