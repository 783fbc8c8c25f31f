"use client";

import { type FormEvent, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { changePassword } from "@/lib/client/account/account-api";

/** A new password, given the current one; every other session of the account ends. */
export function PasswordForm({ onChanged }: { onChanged: () => void }) {
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [state, setState] = useState<{ sending: boolean; error?: string; done?: boolean }>({
    sending: false,
  });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setState({ sending: true });
    try {
      await changePassword({ current_password: current, new_password: next });
      setCurrent("");
      setNext("");
      setState({ sending: false, done: true });
      onChanged();
    } catch (failure) {
      setState({ sending: false, error: (failure as Error).message });
    }
  }

  return (
    <form onSubmit={submit} className="mt-3 max-w-sm space-y-3">
      <label htmlFor={`${id}-current`} className="block text-sm font-medium">
        Current password
      </label>
      <input
        id={`${id}-current`}
        type="password"
        autoComplete="current-password"
        required
        value={current}
        onChange={(event) => setCurrent(event.target.value)}
        className={inputStyle}
      />
      <label htmlFor={`${id}-next`} className="block text-sm font-medium">
        New password
      </label>
      <input
        id={`${id}-next`}
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        value={next}
        onChange={(event) => setNext(event.target.value)}
        className={inputStyle}
      />
      {state.error ? <Alert>{state.error}</Alert> : null}
      {state.done ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Password changed; your other sessions were signed out.
        </p>
      ) : null}
      <button type="submit" disabled={state.sending} className={primaryButton}>
        {state.sending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
