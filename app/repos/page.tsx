import type { Metadata } from "next";
import { AddRepositoryForm } from "@/components/repo/add-repository-form";
import { RepositoryList } from "@/components/repo/repository-list";

export const metadata: Metadata = { title: "Repositories · Cartograph" };

export default function RepositoriesPage() {
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Repositories</h1>
      <p className="mt-1 mb-6 text-zinc-600 dark:text-zinc-400">
        Index a repository to search it and read its source. Indexing keeps going if you leave this
        page.
      </p>
      <div className="rounded-xl border border-zinc-200 p-4 sm:p-5 dark:border-zinc-800">
        <AddRepositoryForm />
      </div>
      <section aria-labelledby="repositories-heading" className="mt-10">
        <h2 id="repositories-heading" className="mb-3 text-lg font-semibold tracking-tight">
          Indexed repositories
        </h2>
        <RepositoryList />
      </section>
    </div>
  );
}
