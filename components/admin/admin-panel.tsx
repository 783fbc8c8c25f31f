"use client";

import { Alert } from "@/components/ui/alert";
import { fetchMe } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";
import { InvitesPanel } from "./invites-panel";
import { UsersPanel } from "./users-panel";

/** The server's accounts and invites, for admins of an `AUTH_MODE=accounts` server. */
export function AdminPanel() {
  const me = useRemote("me", (signal) => fetchMe(signal));
  if (me.error) return <Alert className="mt-6">{me.error}</Alert>;
  if (!me.data) return <p className="mt-6 text-sm text-zinc-500">Loading…</p>;
  if (me.data.auth_mode !== "accounts") {
    return (
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        Users exist with <code className="text-xs">AUTH_MODE=accounts</code> only.
      </p>
    );
  }
  if (me.data.user.role !== "admin")
    return <Alert className="mt-6">Only admins manage users.</Alert>;
  return (
    <>
      <section aria-labelledby="users-heading" className="mt-6">
        <h2 id="users-heading" className="text-lg font-semibold">
          Users
        </h2>
        <UsersPanel selfId={me.data.user.id} />
      </section>
      <section aria-labelledby="invites-heading" className="mt-8">
        <h2 id="invites-heading" className="text-lg font-semibold">
          Invites
        </h2>
        <InvitesPanel />
      </section>
    </>
  );
}
