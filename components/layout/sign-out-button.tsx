"use client";

import { usePathname } from "next/navigation";
import { z } from "zod";
import { requestJson } from "@/lib/client/api/api-request";
import { useRemote } from "@/lib/client/api/use-remote";

const statusSchema = z.object({ auth_required: z.boolean() });
const meSchema = z.object({ user: z.object({ signed_in: z.boolean() }) });

/**
 * Only for a reader signed in to a server that asks for a code or an account: it forgets
 * the session here and returns to sign-in. Open servers and the sign-in page show nothing.
 */
export function SignOutButton() {
  const pathname = usePathname();
  const signedIn = useRemote(`signed-in:${pathname}`, async (signal) => {
    const status = await requestJson("/auth/status", statusSchema, { signal });
    if (!status.auth_required) return false;
    const me = await requestJson("/api/me", meSchema, { signal }).catch(() => null);
    return me?.user.signed_in ?? false;
  });
  if (!signedIn.data) return null;
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
