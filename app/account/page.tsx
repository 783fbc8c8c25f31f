import { AccountPanel } from "@/components/account/account-panel";

export const metadata = { title: "Account · Cartograph" };

export default function AccountPage() {
  return (
    <div className="mx-auto max-w-2xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Account</h1>
      <AccountPanel />
    </div>
  );
}
