/** Where a build's bundles and the sources they were built from are. */
export interface BundleLocation {
  /** The project's root: sources are named relative to it. */
  root: string;
  /** The bundles and their manifest.json. */
  dir: string;
}

export function currentBundle(name: string, where: BundleLocation): URL | null;
export function currentServerBundle(name: string, where: BundleLocation): URL | null;
