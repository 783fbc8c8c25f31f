"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { outlineButton } from "@/components/ui/controls";
import { fetchUsers, updateUser } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";

/** Every account: make admin or member, disable (ends its sessions and tokens) or enable. */
export function UsersPanel({ selfId }: { selfId: string }) {
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const users = useRemote(`users:${version}`, (signal) => fetchUsers(signal), {
    keepPrevious: true,
  });
  const change = async (id: string, body: { role?: "admin" | "member"; disabled?: boolean }) => {
    setError(null);
    await updateUser(id, body).catch((failure: Error) => setError(failure.message));
    setVersion((value) => value + 1);
  };
  if (users.error) return <Alert className="mt-3">{users.error}</Alert>;
  return (
    <>
      {error ? <Alert className="mt-3">{error}</Alert> : null}
      <ul
        aria-label="Users"
        className="mt-3 divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
      >
        {users.data?.map((user) => (
          <li key={user.id} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {user.username}{" "}
                <span className="text-xs text-zinc-500">
                  {user.role}
                  {user.disabled ? " · disabled" : ""}
                  {user.id === selfId ? " · you" : ""}
                </span>
              </p>
              <p className="text-xs text-zinc-500">
                since {new Date(user.created_at).toLocaleDateString()}
              </p>
            </div>
            {user.id === selfId ? null : (
              <>
                <button
                  type="button"
                  className={outlineButton}
                  onClick={() =>
                    change(user.id, { role: user.role === "admin" ? "member" : "admin" })
                  }
                >
                  {user.role === "admin" ? "Make member" : "Make admin"}
                </button>
                <button
                  type="button"
                  className={outlineButton}
                  onClick={() => change(user.id, { disabled: !user.disabled })}
                >
                  {user.disabled ? "Enable" : "Disable"}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
