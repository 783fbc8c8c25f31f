import type { Metadata } from "next";
import { WikiProjects } from "@/components/wiki/wiki-projects";

export const metadata: Metadata = { title: "Wikis · Cartograph" };

export default function WikisPage() {
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <h1 className="text-2xl font-semibold tracking-tight">Wikis</h1>
      <p className="mt-1 mb-6 text-zinc-600 dark:text-zinc-400">
        Every wiki generated here, per repository, commit, language and type. Generation keeps going
        on the server if you leave a wiki&apos;s page.
      </p>
      <WikiProjects />
    </div>
  );
}
