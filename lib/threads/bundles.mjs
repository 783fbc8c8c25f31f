// Which compiled bundles (scripts/build-threads.mjs, `.next/threads/`) may be used: those
// built from the sources as they are now. Plain JavaScript: `npm start` and the tests'
// server launcher read it before any TypeScript loader is there.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The bundle of `name` in `dir` when every source it was built from (under `root`) is unchanged. */
export function currentBundle(name, where) {
  const manifest = readManifest(where.dir);
  return manifest && isCurrent(manifest, name, where) ? bundleUrl(manifest, name, where.dir) : null;
}

/**
 * The bundle of a server entry when it and every other bundle of the build are current: a
 * server started from its bundle has no TypeScript loader, so none of its threads may
 * need one (a thread whose bundle is stale would start from its TypeScript).
 */
export function currentServerBundle(name, where) {
  const manifest = readManifest(where.dir);
  if (!manifest?.[name]) return null;
  for (const entry of Object.keys(manifest)) if (!isCurrent(manifest, entry, where)) return null;
  return bundleUrl(manifest, name, where.dir);
}

function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
  } catch {
    return null;
  }
}

function isCurrent(manifest, name, { root }) {
  const entry = manifest[name];
  if (!entry) return false;
  try {
    for (const [source, hash] of Object.entries(entry.inputs)) {
      const now = createHash("sha256")
        .update(readFileSync(path.join(root, source)))
        .digest("hex");
      if (now !== hash) return false;
    }
  } catch {
    return false;
  }
  return true;
}

function bundleUrl(manifest, name, dir) {
  const file = path.join(dir, manifest[name].file);
  return existsSync(file) ? pathToFileURL(file) : null;
}
