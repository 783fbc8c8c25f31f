"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { fetchMe } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";

const itemStyle =
  "rounded-md px-2 py-1 text-sm text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100";

/**
 * Only for a reader signed in to a server that asks for a code or an account: Account (and
 * Users for admins), and Sign out, which forgets the session here and returns to sign-in.
 * Open servers and the sign-in page show nothing.
 */
export function SignOutButton() {
  const pathname = usePathname();
  const me = useRemote(`signed-in:${pathname}`, (signal) => fetchMe(signal).catch(() => null));
  if (!me.data?.user.signed_in) return null;
  const admin = me.data.auth_mode === "accounts" && me.data.user.role === "admin";
  return (
    <>
      {admin ? (
        <Link href="/admin/users" className={itemStyle}>
          Users
        </Link>
      ) : null}
      <Link href="/account" className={itemStyle}>
        Account
      </Link>
      <button
        type="button"
        onClick={async () => {
          await fetch("/auth/logout", { method: "POST" }).catch(() => undefined);
          window.location.assign("/login");
        }}
        className={itemStyle}
      >
        Sign out
      </button>
    </>
  );
}
