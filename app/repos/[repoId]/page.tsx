import type { Metadata } from "next";
import { decodeRepoId, titleFromRepoId } from "@/components/repo/repo-names";
import { RepositoryOverview } from "@/components/repo/repository-overview";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ repoId: string }>;
}): Promise<Metadata> {
  const { repoId } = await params;
  return { title: `${titleFromRepoId(decodeRepoId(repoId))} · Cartograph` };
}

export default async function RepositoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ repoId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { repoId } = await params;
  const { q } = await searchParams;
  const id = decodeRepoId(repoId);
  return (
    <div className="mx-auto w-full max-w-5xl px-4 py-10 sm:px-6">
      {/* Keyed by id: another repository starts with a fresh page state. */}
      <RepositoryOverview key={id} repoId={id} initialQuery={typeof q === "string" ? q : ""} />
    </div>
  );
}
