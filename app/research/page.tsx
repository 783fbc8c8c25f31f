import type { Metadata } from "next";
import { NewResearchForm } from "@/components/research/new-research-form";
import { RunHistory } from "@/components/runs/run-history";

export const metadata: Metadata = { title: "Research · Cartograph" };

const one = (value: string | string[] | undefined) =>
  typeof value === "string" && value.trim() ? value.trim() : undefined;

export default async function ResearchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const number = Number.parseInt(one(params.page) ?? "1", 10);
  return (
    <div className="mx-auto w-full max-w-4xl space-y-10 px-4 py-10 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Research</h1>
        <p className="mt-1 mb-6 text-zinc-600 dark:text-zinc-400">
          Ask a hard question about a repository and watch the research work it out.
        </p>
        <NewResearchForm initialRepoId={one(params.repo)} />
      </div>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold tracking-tight">
          History
        </h2>
        <p className="mt-1 mb-4 text-sm text-zinc-600 dark:text-zinc-400">
          Every run, newest first: researches, wiki generations and index runs. Runs still going
          update as they progress.
        </p>
        <RunHistory
          page={Number.isFinite(number) && number >= 1 ? number : 1}
          filters={{ status: one(params.status), kind: one(params.kind), q: one(params.q) }}
        />
      </section>
    </div>
  );
}
