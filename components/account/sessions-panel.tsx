"use client";

import { Alert } from "@/components/ui/alert";
import { outlineButton } from "@/components/ui/controls";
import { fetchSessions, revokeSession } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";

const when = (iso: string) => new Date(iso).toLocaleString();

/** Where this account is signed in; any session but this one can be signed out here. */
export function SessionsPanel({ version, onChanged }: { version: number; onChanged: () => void }) {
  const sessions = useRemote(`sessions:${version}`, (signal) => fetchSessions(signal), {
    keepPrevious: true,
  });
  if (sessions.error) return <Alert className="mt-3">{sessions.error}</Alert>;
  if (!sessions.data) return <p className="mt-3 text-sm text-zinc-500">Loading…</p>;
  if (sessions.data.length === 0)
    return <p className="mt-3 text-sm text-zinc-500">No browser sessions.</p>;
  return (
    <ul className="mt-3 divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {sessions.data.map((session) => (
        <li key={session.id} className="flex items-start gap-3 px-3 py-2 text-sm">
          <div className="min-w-0 flex-1">
            <p className="truncate font-medium" title={session.user_agent ?? undefined}>
              {session.user_agent ?? "Unknown client"}
              {session.current ? (
                <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-800 dark:bg-sky-900 dark:text-sky-200">
                  this session
                </span>
              ) : null}
            </p>
            <p className="text-xs text-zinc-500">
              {session.client_address ?? "unknown address"} · signed in {when(session.created_at)} ·
              last seen {when(session.last_seen_at)}
            </p>
          </div>
          {session.current ? null : (
            <button
              type="button"
              className={outlineButton}
              onClick={async () => {
                await revokeSession(session.id).catch(() => undefined);
                onChanged();
              }}
            >
              Sign out
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
