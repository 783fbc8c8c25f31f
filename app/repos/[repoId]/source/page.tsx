import type { Metadata } from "next";
import { decodeRepoId, titleFromRepoId } from "@/components/repo/repo-names";
import { SourceViewer } from "@/components/repo/source-viewer";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) =>
  typeof value === "string" && value !== "" ? value : null;

export async function generateMetadata({
  params,
  searchParams,
}: {
  params: Promise<{ repoId: string }>;
  searchParams: SearchParams;
}): Promise<Metadata> {
  const repository = titleFromRepoId(decodeRepoId((await params).repoId));
  const path = single((await searchParams).path);
  return { title: `${path ? `${path} · ` : ""}${repository} · Cartograph` };
}

/** `/repos/{id}/source?path=src/cart.ts&ref={commit}#L10-L20` */
export default async function SourcePage({
  params,
  searchParams,
}: {
  params: Promise<{ repoId: string }>;
  searchParams: SearchParams;
}) {
  const { repoId } = await params;
  const query = await searchParams;
  return (
    <SourceViewer
      repoId={decodeRepoId(repoId)}
      path={single(query.path)}
      gitRef={single(query.ref)}
    />
  );
}
