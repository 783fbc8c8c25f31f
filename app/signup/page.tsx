import { SignUpPanel } from "@/components/auth/sign-in-panel";
import { authStateOf } from "@/lib/auth/auth-state";
import { getServices } from "@/lib/services";

export const metadata = { title: "Create an account · Cartograph" };
export const dynamic = "force-dynamic";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ invite?: string | string[] }>;
}) {
  const { invite } = await searchParams;
  return (
    <div className="mx-auto max-w-sm px-4 py-16">
      <h1 className="text-2xl font-semibold">Create an account</h1>
      <SignUpPanel
        invite={typeof invite === "string" ? invite : undefined}
        auth={await authStateOf(getServices())}
      />
    </div>
  );
}
