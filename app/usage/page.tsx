import type { Metadata } from "next";
import { UsageDashboard } from "@/components/usage/usage-dashboard";

export const metadata: Metadata = { title: "Usage · Cartograph" };

export default function UsagePage() {
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Usage</h1>
      <p className="mt-1 text-zinc-600 dark:text-zinc-400">
        Tokens and cost of every model call made for your chats, wikis and research, as the
        providers reported them (≈ where a provider reported none and they were estimated). Costs
        use the prices in Settings at the time of each call.
      </p>
      <UsageDashboard />
    </div>
  );
}
