import type { Metadata } from "next";
import { ResearchRunView } from "@/components/research/research-run-view";

export const metadata: Metadata = { title: "Research · Cartograph" };

export default async function ResearchRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-8 sm:px-6">
      <ResearchRunView key={id} runId={decodeURIComponent(id)} />
    </div>
  );
}
