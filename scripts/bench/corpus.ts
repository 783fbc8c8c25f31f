// Git repositories of a chosen number of files, built from the packages in node_modules:
// real code of many shapes, the same on every machine with the same lockfile.
import { lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDefaultExcludedDir } from "../../lib/repos/file-filter";
import { FixtureRepo } from "../../test/support/fixture-repo";

const root = path.resolve(import.meta.dirname, "../..");
const NODE_MODULES = path.join(root, "node_modules");
/** MAX_FILE_BYTES's default: bigger files are never indexed, so they are not corpus files. */
const MAX_FILE_BYTES = 1024 * 1024;

/** How a line comment reads in each text file kind taken into a corpus. */
const COMMENT: Record<string, (text: string) => string> = {};
for (const ext of "js mjs cjs jsx ts mts cts tsx c h cc cpp hpp go rs java kt cs scss json".split(
  " ",
))
  COMMENT[ext] = (text) => `// ${text}`;
for (const ext of "py rb sh yml yaml toml txt".split(" ")) COMMENT[ext] = (text) => `# ${text}`;
for (const ext of "md mdx html".split(" ")) COMMENT[ext] = (text) => `<!-- ${text} -->`;
COMMENT.css = (text) => `/* ${text} */`;

interface SourceFile {
  /** Path under node_modules, with folders the index skips by default renamed. */
  corpusPath: string;
  absolute: string;
  comment: (text: string) => string;
}

export interface Corpus {
  allowedRoot: string;
  repo: FixtureRepo;
  files: number;
  bytes: number;
  /** Two of its files, far apart: what a small commit changes. */
  sample: [string, string];
  /** How many times the package set was copied to reach the size (1 = no copy). */
  copies: number;
  remove(): void;
}

let packagesCache: SourceFile[][] | undefined;

/** Every package's text files (a file type we know how to comment, under the size limit). */
function packages(): SourceFile[][] {
  if (packagesCache) return packagesCache;
  const byPackage = new Map<string, SourceFile[]>();
  const walk = (dir: string, relative: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === ".bin" || entry.name === ".cache") continue;
      const absolute = path.join(dir, entry.name);
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(absolute, child);
      if (!entry.isFile()) continue;
      const comment = COMMENT[path.extname(entry.name).slice(1).toLowerCase()];
      if (!comment || /\.min\.\w+$/.test(entry.name)) continue;
      if (lstatSync(absolute).size > MAX_FILE_BYTES) continue;
      const segments = child.split("/");
      const name = segments[0].startsWith("@") ? segments.slice(0, 2).join("/") : segments[0];
      const corpusPath = segments
        .map((segment, index) =>
          index < segments.length - 1 && isDefaultExcludedDir(segment) ? `${segment}_` : segment,
        )
        .join("/");
      const list = byPackage.get(name) ?? [];
      list.push({ corpusPath, absolute, comment });
      byPackage.set(name, list);
    }
  };
  walk(NODE_MODULES, "");
  packagesCache = [...byPackage.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, files]) => files.sort((a, b) => a.corpusPath.localeCompare(b.corpusPath)));
  return packagesCache;
}

/** How many files one pass over node_modules gives, before copies are needed. */
export const sourceFileCount = () => packages().reduce((total, list) => total + list.length, 0);

/**
 * A committed git repository of exactly `size` files: whole packages in name order, then
 * copies of them under `copy-N/`, each copied file ending with a comment naming its copy
 * so no two files share a blob (shared blobs would be analysed once and skew the numbers).
 */
export function buildCorpus(size: number): Corpus {
  const { allowedRoot, repo } = FixtureRepo.inNewRoot(`corpus-${size}`);
  const all = packages().flat();
  let bytes = 0;
  const written: string[] = [];
  for (let index = 0; index < size; index++) {
    const copy = Math.floor(index / all.length);
    const source = all[index % all.length];
    let content = readFileSync(source.absolute);
    if (copy > 0) {
      const mark = `\n${source.comment(`corpus copy ${copy} of ${source.corpusPath}`)}\n`;
      content = Buffer.concat([content, Buffer.from(mark)]);
    }
    const target = copy > 0 ? `copy-${copy}/${source.corpusPath}` : source.corpusPath;
    repo.write({ [target]: content });
    written.push(target);
    bytes += content.length;
  }
  repo.commit(`corpus of ${size} files`);
  return {
    allowedRoot,
    repo,
    files: size,
    bytes,
    sample: [written[0], written[Math.floor(size / 2)]],
    copies: Math.ceil(size / all.length),
    remove: () => rmSync(allowedRoot, { recursive: true, force: true }),
  };
}

/** The floor of indexing: walk the working tree and read every file once. */
export function readEveryFile(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name === ".git") continue;
      const absolute = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(absolute);
      else if (entry.isFile()) {
        bytes += readFileSync(absolute).length;
        files++;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/** Appends a line to two files of the corpus and commits them: a small change; returns the commit. */
export function commitSmallChange(corpus: Corpus): string {
  for (const file of corpus.sample) {
    const absolute = path.join(corpus.repo.dir, file);
    writeFileSync(absolute, `${readFileSync(absolute, "utf8")}\n// changed by the bench\n`);
  }
  return corpus.repo.commit("change two files");
}
