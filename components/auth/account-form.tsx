"use client";

import Link from "next/link";
import { type FormEvent, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { logIn, signUp } from "@/lib/client/account/account-api";

/**
 * Username and password, for sign-in or sign-up (`AUTH_MODE=accounts`); a success sets the
 * session cookie, then on to `next`.
 */
export function AccountForm({
  mode,
  next,
  invite,
  signupOffered = false,
}: {
  mode: "login" | "signup";
  next: string;
  invite?: string;
  signupOffered?: boolean;
}) {
  const id = useId();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setError(null);
    try {
      if (mode === "signup") await signUp({ username, password, invite });
      else await logIn({ username, password });
      // A full load: every page and socket starts again with the cookie.
      window.location.assign(next);
      return;
    } catch (failure) {
      setError((failure as Error).message || "That did not work");
    }
    setSending(false);
  }

  return (
    <form onSubmit={submit} className="mt-6 space-y-3">
      <label htmlFor={`${id}-username`} className="block text-sm font-medium">
        Username
      </label>
      <input
        id={`${id}-username`}
        autoComplete="username"
        required
        value={username}
        onChange={(event) => setUsername(event.target.value)}
        className={inputStyle}
      />
      <label htmlFor={`${id}-password`} className="block text-sm font-medium">
        Password
      </label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete={mode === "signup" ? "new-password" : "current-password"}
        required
        minLength={mode === "signup" ? 10 : undefined}
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        className={inputStyle}
      />
      {mode === "signup" ? <p className="text-xs text-zinc-500">At least 10 characters.</p> : null}
      {error ? <Alert>{error}</Alert> : null}
      <button type="submit" disabled={sending} className={primaryButton}>
        {sending ? "…" : mode === "signup" ? "Create account" : "Sign in"}
      </button>
      {mode === "login" && signupOffered ? (
        <p className="text-sm">
          No account yet?{" "}
          <Link href="/signup" className="text-sky-700 underline dark:text-sky-300">
            Create one
          </Link>
        </p>
      ) : null}
      {mode === "signup" ? (
        <p className="text-sm">
          Have an account?{" "}
          <Link href="/login" className="text-sky-700 underline dark:text-sky-300">
            Sign in
          </Link>
        </p>
      ) : null}
    </form>
  );
}
