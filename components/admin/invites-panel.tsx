"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { outlineButton, primaryButton } from "@/components/ui/controls";
import { CopyButton } from "@/components/ui/copy-button";
import { createInvite, deleteInvite, fetchInvites } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";

/** One-time sign-up links: the link is shown once; unused ones can be withdrawn. */
export function InvitesPanel() {
  const [version, setVersion] = useState(0);
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invites = useRemote(`invites:${version}`, (signal) => fetchInvites(signal), {
    keepPrevious: true,
  });
  const make = async () => {
    setError(null);
    try {
      setLink((await createInvite(7)).url);
      setVersion((value) => value + 1);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <div className="mt-3 space-y-3">
      <button type="button" className={primaryButton} onClick={make}>
        Make an invite link
      </button>
      {error ? <Alert>{error}</Alert> : null}
      {link ? (
        <div
          role="status"
          className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/40"
        >
          <p>Send this link to one person; it works once, for 7 days, and is not shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="invite-link" className="break-all font-mono text-xs">
              {link}
            </code>
            <CopyButton text={link} label="Copy" />
          </div>
        </div>
      ) : null}
      <ul
        aria-label="Invites"
        className="divide-y divide-zinc-200 rounded-md border border-zinc-200 empty:hidden dark:divide-zinc-800 dark:border-zinc-800"
      >
        {invites.data?.map((invite) => (
          <li key={invite.id} className="flex items-center gap-3 px-3 py-2 text-sm">
            <p className="flex-1 text-xs text-zinc-600 dark:text-zinc-400">
              made {new Date(invite.created_at).toLocaleString()} ·{" "}
              {invite.used_at
                ? `used ${new Date(invite.used_at).toLocaleString()}`
                : `expires ${new Date(invite.expires_at).toLocaleString()}`}
            </p>
            {invite.used_at ? null : (
              <button
                type="button"
                className={outlineButton}
                onClick={async () => {
                  await deleteInvite(invite.id).catch(() => undefined);
                  setVersion((value) => value + 1);
                }}
              >
                Withdraw
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
