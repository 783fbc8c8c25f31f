import { SignInPanel } from "@/components/auth/sign-in-panel";
import { authStateOf } from "@/lib/auth/auth-state";
import { safeNextPath } from "@/lib/http/page-gate";
import { getServices } from "@/lib/services";

export const metadata = { title: "Sign in · Cartograph" };
export const dynamic = "force-dynamic";

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  return (
    <div className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <SignInPanel
        next={safeNextPath(typeof next === "string" ? next : null)}
        auth={await authStateOf(getServices())}
      />
    </div>
  );
}
