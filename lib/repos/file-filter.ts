import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";

export interface FilterOptions {
  excludedDirs: string[];
  excludedFiles: string[];
  includedDirs: string[];
  includedFiles: string[];
  maxFileBytes: number;
}

export type FilterVerdict = { keep: true } | { keep: false; reason: string };

/** Folders that hold dependencies, build output, caches or VCS data. */
const DEFAULT_EXCLUDED_DIRS = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  "dist",
  "build",
  "out",
  "target",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".vercel",
  ".output",
  "coverage",
  ".nyc_output",
  "__pycache__",
  ".pytest_cache",
  ".mypy_cache",
  ".ruff_cache",
  ".tox",
  ".venv",
  "venv",
  "env",
  ".eggs",
  ".gradle",
  ".idea",
  ".vscode",
  ".cache",
  ".parcel-cache",
  "Pods",
  ".terraform",
  ".dart_tool",
  "DerivedData",
]);

export const isDefaultExcludedDir = (name: string) => DEFAULT_EXCLUDED_DIRS.has(name);

const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "bun.lockb",
  "bun.lock",
  "Cargo.lock",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "Gemfile.lock",
  "composer.lock",
  "go.sum",
  "mix.lock",
  "packages.lock.json",
  "flake.lock",
  "pubspec.lock",
]);

const BINARY_EXTENSIONS = new Set(
  (
    "png jpg jpeg gif bmp ico icns webp avif tiff psd svgz heic " +
    "mp3 mp4 m4a wav ogg flac webm mov avi mkv " +
    "zip gz tgz bz2 xz 7z rar tar jar war ear whl egg " +
    "pdf doc docx xls xlsx ppt pptx odt " +
    "woff woff2 ttf otf eot " +
    "exe dll so dylib a o obj lib class pyc pyo wasm bin dat db sqlite sqlite3 " +
    "node pdb ilk iso dmg img deb rpm apk ipa"
  ).split(" "),
);

const GENERATED_NAME = [
  /\.min\.(js|css|mjs)$/i,
  /\.bundle\.js$/i,
  /\.map$/i,
  /\.pb\.go$/,
  /_pb2(_grpc)?\.py$/,
  /\.generated\.\w+$/i,
  /\.g\.dart$/,
  /\.designer\.cs$/i,
];

/** Splits a user's pattern list: newlines or commas, blanks and comments dropped. */
export function parsePatternList(value: string | undefined | null): string[] {
  return (value ?? "")
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== "" && !item.startsWith("#"));
}

const normalise = (pattern: string) => pattern.replace(/^\.\//, "").replace(/^\/+|\/+$/g, "");
const hasGlob = (pattern: string) => /[*?[\]{}!]/.test(pattern);

/**
 * Matches a directory pattern against every folder that contains `path`: a bare name
 * (`docs`) anywhere, an anchored one (`./docs/`, `/docs`, `src/docs`) from the root.
 */
function dirMatcher(patterns: string[]): (path: string) => boolean {
  const tests = patterns
    .filter((pattern) => normalise(pattern) !== "")
    .map((raw) => {
      const pattern = normalise(raw);
      const anchored = raw.startsWith("./") || raw.startsWith("/") || pattern.includes("/");
      if (hasGlob(pattern)) {
        const match = picomatch(pattern, { dot: true });
        return (dirs: string[], segments: string[]) =>
          dirs.some((dir) => match(dir)) ||
          (!anchored && segments.some((segment) => match(segment)));
      }
      if (!anchored) return (_dirs: string[], segments: string[]) => segments.includes(pattern);
      return (dirs: string[]) => dirs.includes(pattern);
    });
  return (path) => {
    const segments = path.split("/").slice(0, -1);
    const dirs = segments.map((_, index) => segments.slice(0, index + 1).join("/"));
    return tests.some((test) => test(dirs, segments));
  };
}

/** Matches a file pattern against the base name (no slash) or the whole path. */
function fileMatcher(patterns: string[]): (path: string) => boolean {
  const tests = patterns
    .map(normalise)
    .filter(Boolean)
    .map((pattern) => {
      const match = picomatch(pattern, { dot: true });
      return pattern.includes("/")
        ? (path: string) => match(path)
        : (path: string) => match(path.slice(path.lastIndexOf("/") + 1));
    });
  return (path) => tests.some((test) => test(path));
}

/**
 * The file walk's decision for one path and size, before reading it: default exclusions,
 * then the user's excludes, then (when given) the user's includes.
 */
export function createPathFilter(
  options: FilterOptions,
): (path: string, size: number) => FilterVerdict {
  const excludedDir = dirMatcher(options.excludedDirs);
  const excludedFile = fileMatcher(options.excludedFiles);
  const includedDir = dirMatcher(options.includedDirs);
  const includedFile = fileMatcher(options.includedFiles);
  const hasIncludes = options.includedDirs.length + options.includedFiles.length > 0;
  return (path, size) => {
    const segments = path.split("/");
    const name = segments[segments.length - 1];
    if (segments.slice(0, -1).some((segment) => DEFAULT_EXCLUDED_DIRS.has(segment))) {
      return { keep: false, reason: "dependency, build or VCS folder" };
    }
    if (LOCKFILES.has(name)) return { keep: false, reason: "lockfile" };
    const extension = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
    if (BINARY_EXTENSIONS.has(extension)) return { keep: false, reason: "binary" };
    if (GENERATED_NAME.some((pattern) => pattern.test(name)))
      return { keep: false, reason: "minified or generated" };
    if (size > options.maxFileBytes) return { keep: false, reason: "over the size limit" };
    if (excludedDir(path) || excludedFile(path))
      return { keep: false, reason: "excluded by a pattern" };
    if (hasIncludes && !includedDir(path) && !includedFile(path)) {
      return { keep: false, reason: "not in the included patterns" };
    }
    return { keep: true };
  };
}

/** Binary by content: a NUL byte early on, or bytes that are not UTF-8 text. */
export function decodeText(bytes: Buffer): string | null {
  if (bytes.subarray(0, 8_192).includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Generated or minified by content: a marker near the top, or very long lines throughout. */
export function looksGenerated(text: string): boolean {
  const head = text.slice(0, 2_000);
  if (/@generated|DO NOT EDIT|auto-generated by|autogenerated by/i.test(head)) return true;
  const lines = text.split("\n", 50);
  const long = lines.filter((line) => line.length > 500).length;
  return lines.length > 0 && long / lines.length > 0.5;
}

/** `.gitignore` files of a tree, each applying to its own folder and below. */
export function createGitignoreFilter(
  files: { dir: string; content: string }[],
): (path: string) => boolean {
  const rules: { dir: string; matcher: Ignore }[] = files
    .map((file) => ({ dir: normalise(file.dir), matcher: ignore().add(file.content) }))
    .sort((a, b) => a.dir.length - b.dir.length);
  return (path) =>
    rules.some(({ dir, matcher }) => {
      if (dir && !path.startsWith(`${dir}/`)) return false;
      const relative = dir ? path.slice(dir.length + 1) : path;
      return matcher.ignores(relative);
    });
}
