import { parseLineHash } from "./line-range";
import { sourceHref } from "./source-links";

/**
 * Where a relative link of a document in the repository points (`docs/setup.md`,
 * `../src/cart.ts#L10-L20` written in `docs/README.md`): the repository path it names,
 * resolved against the document's folder, or null for anything else (a URL with a scheme,
 * a protocol-relative or absolute path, an in-page `#anchor`, or a path leaving the root).
 */
export function repoRelativeTarget(
  href: string,
  documentPath: string,
): { path: string; hash: string } | null {
  if (!href || /^[a-z][a-z0-9+.-]*:/i.test(href) || /^[/#?]/.test(href)) return null;
  const hashAt = href.indexOf("#");
  const hash = hashAt === -1 ? "" : href.slice(hashAt);
  const withoutHash = hashAt === -1 ? href : href.slice(0, hashAt);
  const bare = withoutHash.split("?")[0];
  let decoded: string;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    return null;
  }
  const folder = documentPath.includes("/")
    ? documentPath.slice(0, documentPath.lastIndexOf("/")).split("/")
    : [];
  const segments = [...folder];
  for (const segment of decoded.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return null;
      segments.pop();
    } else segments.push(segment);
  }
  if (segments.length === 0) return null;
  return { path: segments.join("/"), hash };
}

/**
 * A repository document's relative link as an address of the source viewer at the same
 * commit (a `#L10-L20` fragment is kept as the selection); null leaves the link as written.
 */
export function repoRelativeHref(
  href: string,
  { repoId, documentPath, ref }: { repoId: string; documentPath: string; ref: string | null },
): string | null {
  const target = repoRelativeTarget(href, documentPath);
  if (!target) return null;
  return sourceHref(repoId, target.path, { ref, range: parseLineHash(target.hash) });
}
