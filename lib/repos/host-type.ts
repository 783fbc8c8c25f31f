/** The kind of git host a repository lives on, as DeepWiki names it (`repo_type`). */
export type HostType = "github" | "gitlab" | "bitbucket" | "git";

/** Pure, without `fs`: the wiki code bundled into routes reads it too. */
export function typeOfHost(host: string): HostType {
  if (host === "github.com" || host.endsWith(".github.com")) return "github";
  if (host === "bitbucket.org") return "bitbucket";
  if (host.includes("gitlab")) return "gitlab";
  return "git";
}
