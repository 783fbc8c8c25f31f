import type { Metadata } from "next";
import { RunHistory } from "@/components/runs/run-history";

export const metadata: Metadata = { title: "History · Cartograph" };

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { page } = await searchParams;
  const number = Number.parseInt(typeof page === "string" ? page : "1", 10);
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">History</h1>
      <p className="mt-1 mb-6 text-zinc-600 dark:text-zinc-400">
        Every run, newest first. Runs still going update as they progress.
      </p>
      <RunHistory page={Number.isFinite(number) && number >= 1 ? number : 1} />
    </div>
  );
}
