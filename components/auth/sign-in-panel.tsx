import { Alert } from "@/components/ui/alert";
import { AccessCodeForm } from "./access-code-form";
import { AccountForm } from "./account-form";

interface AuthState {
  mode: "none" | "access-code" | "accounts";
  signup: "open" | "invite" | "closed";
}

/** The sign-in this server asks for: an account, or the access code. */
export function SignInPanel({ next, auth }: { next: string; auth: AuthState }) {
  if (auth.mode === "accounts") {
    return (
      <>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Sign in with your Cartograph account.
        </p>
        <AccountForm mode="login" next={next} signupOffered={auth.signup !== "closed"} />
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
export function SignUpPanel({ invite, auth }: { invite?: string; auth: AuthState }) {
  if (auth.mode !== "accounts" || auth.signup === "closed") {
    return <Alert className="mt-6">Sign-up is closed on this server.</Alert>;
  }
  if (auth.signup === "invite" && !invite) {
    return (
      <Alert className="mt-6">
        Sign-up needs an invite link: ask an admin of this server for one.
      </Alert>
    );
  }
  return (
    <>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {auth.signup === "open" && !invite
          ? "Create an account on this Cartograph. The first account manages the server."
          : "Create your account with this invite; the link works once."}
      </p>
      <AccountForm mode="signup" next="/" invite={invite} />
    </>
  );
}
