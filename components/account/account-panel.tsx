"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { fetchMe } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";
import { PasswordForm } from "./password-form";
import { SessionsPanel } from "./sessions-panel";
import { TokensPanel } from "./tokens-panel";

const heading = "text-lg font-semibold";

/** The signed-in account: its password, where it is signed in, its API tokens. */
export function AccountPanel() {
  const me = useRemote("me", (signal) => fetchMe(signal));
  const [version, setVersion] = useState(0);
  if (me.error) return <Alert className="mt-6">{me.error}</Alert>;
  if (!me.data) return <p className="mt-6 text-sm text-zinc-500">Loading…</p>;
  const { user, auth_mode: mode } = me.data;
  if (mode === "none") {
    return (
      <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400">
        This server asks for no sign-in (<code className="text-xs">AUTH_MODE=none</code>): there is
        no account, session or token to manage.
      </p>
    );
  }
  const refresh = () => setVersion((value) => value + 1);
  return (
    <>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {mode === "accounts" ? (
          <>
            Signed in as <strong>{user.username}</strong> ({user.role}).
          </>
        ) : (
          "Signed in with the access code."
        )}
      </p>
      {mode === "accounts" ? (
        <section aria-labelledby="password-heading" className="mt-8">
          <h2 id="password-heading" className={heading}>
            Password
          </h2>
          <PasswordForm onChanged={refresh} />
        </section>
      ) : null}
      <section aria-labelledby="sessions-heading" className="mt-8">
        <h2 id="sessions-heading" className={heading}>
          Sessions
        </h2>
        <SessionsPanel version={version} onChanged={refresh} />
      </section>
      <section aria-labelledby="tokens-heading" className="mt-8">
        <h2 id="tokens-heading" className={heading}>
          API tokens
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Send one as <code className="text-xs">Authorization: Bearer cgt_…</code> from scripts and
          agents. A <em>read</em> token can read and ask; a <em>write</em> token can also add,
          delete and start runs.
        </p>
        <TokensPanel />
      </section>
    </>
  );
}
