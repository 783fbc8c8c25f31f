"use client";

import { z } from "zod";
import { requestJson } from "@/lib/client/api/api-request";
import { useRemote } from "@/lib/client/api/use-remote";

const statusSchema = z.object({ auth_required: z.boolean() });

/** Shown when the server asks for an access code: forgets it here and returns to sign-in. */
export function SignOutButton() {
  const status = useRemote("auth-status", (signal) =>
    requestJson("/auth/status", statusSchema, { signal }),
  );
  if (!status.data?.auth_required) return null;
  return (
    <button
      type="button"
      onClick={async () => {
        await fetch("/auth/logout", { method: "POST" }).catch(() => undefined);
        window.location.assign("/login");
      }}
      className="rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      Sign out
    </button>
  );
}
