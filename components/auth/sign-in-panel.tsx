"use client";

import { Alert } from "@/components/ui/alert";
import { fetchAuthMode } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";
import { AccessCodeForm } from "./access-code-form";
import { AccountForm } from "./account-form";

/** The sign-in this server asks for: an account, or the access code. */
export function SignInPanel({ next }: { next: string }) {
  const mode = useRemote("auth-mode", (signal) => fetchAuthMode(signal));
  if (mode.error) return <Alert className="mt-6">{mode.error}</Alert>;
  if (!mode.data) return <p className="mt-6 text-sm text-zinc-500">Loading…</p>;
  if (mode.data.mode === "accounts") {
    return (
      <>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Sign in with your Cartograph account.
        </p>
        <AccountForm mode="login" next={next} signupOffered={mode.data.signup !== "closed"} />
      </>
    );
  }
  return (
    <>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        This Cartograph asks for its access code. The operator set it with{" "}
        <code className="text-xs">ACCESS_CODE</code>.
      </p>
      <AccessCodeForm next={next} />
    </>
  );
}

/** Sign-up, as this server allows it now. */
export function SignUpPanel({ invite }: { invite?: string }) {
  const mode = useRemote("auth-mode", (signal) => fetchAuthMode(signal));
  if (mode.error) return <Alert className="mt-6">{mode.error}</Alert>;
  if (!mode.data) return <p className="mt-6 text-sm text-zinc-500">Loading…</p>;
  if (mode.data.mode !== "accounts" || mode.data.signup === "closed") {
    return <Alert className="mt-6">Sign-up is closed on this server.</Alert>;
  }
  if (mode.data.signup === "invite" && !invite) {
    return (
      <Alert className="mt-6">
        Sign-up needs an invite link: ask an admin of this server for one.
      </Alert>
    );
  }
  return (
    <>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {mode.data.signup === "open" && !invite
          ? "Create an account on this Cartograph. The first account manages the server."
          : "Create your account with this invite; the link works once."}
      </p>
      <AccountForm mode="signup" next="/" invite={invite} />
    </>
  );
}
