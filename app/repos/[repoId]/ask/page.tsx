import type { Metadata } from "next";
import { AskWorkspace } from "@/components/chat/ask-workspace";
import { decodeRepoId, titleFromRepoId } from "@/components/repo/repo-names";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ repoId: string }>;
}): Promise<Metadata> {
  const { repoId } = await params;
  return { title: `Ask · ${titleFromRepoId(decodeRepoId(repoId))} · Cartograph` };
}

/** `/repos/{id}/ask`: questions about one repository, answered from its index. */
export default async function AskPage({ params }: { params: Promise<{ repoId: string }> }) {
  const id = decodeRepoId((await params).repoId);
  // Keyed by id: another repository starts with a fresh page state.
  return <AskWorkspace key={id} repoId={id} />;
}
