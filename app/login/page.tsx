import { AccessCodeForm } from "@/components/auth/access-code-form";
import { safeNextPath } from "@/lib/http/page-gate";

export const metadata = { title: "Sign in · Cartograph" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string | string[] }>;
}) {
  const { next } = await searchParams;
  return (
    <div className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        This Cartograph asks for its access code. The operator set it with{" "}
        <code className="text-xs">ACCESS_CODE</code>.
      </p>
      <AccessCodeForm next={safeNextPath(typeof next === "string" ? next : null)} />
    </div>
  );
}
