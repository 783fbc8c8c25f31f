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

/** `/repos/{id}/ask/{chat_id}`: one conversation, to share or to come back to from any browser. */
export default async function AskConversationPage({
  params,
}: {
  params: Promise<{ repoId: string; chatId: string }>;
}) {
  const { repoId, chatId } = await params;
  const id = decodeRepoId(repoId);
  return <AskWorkspace key={id} repoId={id} chatId={decodeURIComponent(chatId)} />;
}
