"use client";

import { type FormEvent, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, outlineButton, primaryButton } from "@/components/ui/controls";
import { CopyButton } from "@/components/ui/copy-button";
import { createToken, fetchTokens, revokeToken } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";
import type { TokenListItem } from "@/lib/protocol/accounts";

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : "never");

function tokenState(token: TokenListItem): string {
  if (token.revoked_at) return "revoked";
  if (token.expires_at && new Date(token.expires_at).getTime() < Date.now()) return "expired";
  return `expires ${day(token.expires_at)}`;
}

/** Personal API tokens: made here (the value shown once), listed, revoked. */
export function TokensPanel() {
  const id = useId();
  const [version, setVersion] = useState(0);
  const tokens = useRemote(`tokens:${version}`, (signal) => fetchTokens(signal), {
    keepPrevious: true,
  });
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [days, setDays] = useState("90");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const expires = Number(days);
      const result = await createToken({
        name,
        scope,
        expires_in_days: expires > 0 ? expires : undefined,
      });
      setCreated({ name, token: result.token });
      setName("");
      setVersion((value) => value + 1);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }

  return (
    <div className="mt-3 space-y-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            Token name
          </label>
          <input
            id={`${id}-name`}
            required
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
            className={inputStyle}
          />
        </div>
        <div>
          <label htmlFor={`${id}-scope`} className="block text-sm font-medium">
            Scope
          </label>
          <select
            id={`${id}-scope`}
            value={scope}
            onChange={(event) => setScope(event.target.value as "read" | "write")}
            className={inputStyle}
          >
            <option value="read">read</option>
            <option value="write">write</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-days`} className="block text-sm font-medium">
            Expires in
          </label>
          <select
            id={`${id}-days`}
            value={days}
            onChange={(event) => setDays(event.target.value)}
            className={inputStyle}
          >
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="365">1 year</option>
            <option value="0">never</option>
          </select>
        </div>
        <button type="submit" className={primaryButton}>
          Create token
        </button>
      </form>
      {error ? <Alert>{error}</Alert> : null}
      {created ? (
        <div
          role="status"
          className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950/40"
        >
          <p>
            Your new token <strong>{created.name}</strong>. Copy it now: it will not be shown again.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code data-testid="new-token" className="break-all font-mono text-xs">
              {created.token}
            </code>
            <CopyButton text={created.token} label="Copy" />
          </div>
          <button type="button" className="mt-2 text-xs underline" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      ) : null}
      {tokens.error ? <Alert>{tokens.error}</Alert> : null}
      {tokens.data && tokens.data.length === 0 ? (
        <p className="text-sm text-zinc-500">No tokens yet.</p>
      ) : null}
      <ul
        aria-label="API tokens"
        className="divide-y divide-zinc-200 rounded-md border border-zinc-200 empty:hidden dark:divide-zinc-800 dark:border-zinc-800"
      >
        {tokens.data?.map((token) => (
          <li key={token.id} className="flex items-center gap-3 px-3 py-2 text-sm">
            <div className="min-w-0 flex-1">
              <p className="font-medium">
                {token.name} <span className="text-xs text-zinc-500">({token.scope})</span>
              </p>
              <p className="text-xs text-zinc-500">
                created {day(token.created_at)} · last used {day(token.last_used_at)} ·{" "}
                {tokenState(token)}
              </p>
            </div>
            {token.revoked_at ? null : (
              <button
                type="button"
                className={outlineButton}
                aria-label={`Revoke ${token.name}`}
                onClick={async () => {
                  await revokeToken(token.id).catch((failure: Error) => setError(failure.message));
                  setVersion((value) => value + 1);
                }}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
