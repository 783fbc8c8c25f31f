import type { Metadata } from "next";
import { Suspense } from "react";
import { decodeRepoId, titleFromRepoId } from "@/components/repo/repo-names";
import { WikiWorkspace } from "@/components/wiki/wiki-workspace";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ repoId: string }>;
}): Promise<Metadata> {
  const { repoId } = await params;
  return { title: `Wiki · ${titleFromRepoId(decodeRepoId(repoId))} · Cartograph` };
}

/** `/repos/{id}/wiki?page=…&language=…&wiki_type=…` (or `wiki={id}`): the repository's wiki. */
export default async function WikiPage({ params }: { params: Promise<{ repoId: string }> }) {
  const id = decodeRepoId((await params).repoId);
  return (
    // The workspace reads the page and wiki from the address on the client.
    <Suspense>
      <WikiWorkspace key={id} repoId={id} />
    </Suspense>
  );
}
