/**
 * Language detection by file name, extension and shebang. A null answer means "not source
 * text we index", so the file walk can skip binaries and unknown formats without reading them.
 */

export const LANGUAGE_IDS = [
  "typescript",
  "tsx",
  "javascript",
  "python",
  "go",
  "rust",
  "java",
  "kotlin",
  "scala",
  "groovy",
  "c",
  "cpp",
  "objective-c",
  "csharp",
  "fsharp",
  "visual-basic",
  "ruby",
  "php",
  "swift",
  "dart",
  "lua",
  "perl",
  "r",
  "julia",
  "elixir",
  "erlang",
  "haskell",
  "ocaml",
  "clojure",
  "zig",
  "nim",
  "solidity",
  "shell",
  "powershell",
  "batch",
  "sql",
  "graphql",
  "protobuf",
  "prisma",
  "terraform",
  "markdown",
  "restructuredtext",
  "asciidoc",
  "text",
  "yaml",
  "json",
  "toml",
  "ini",
  "xml",
  "html",
  "css",
  "scss",
  "less",
  "vue",
  "svelte",
  "astro",
  "dockerfile",
  "makefile",
  "cmake",
  "nix",
] as const;

export type LanguageId = (typeof LANGUAGE_IDS)[number];

const BY_EXTENSION: Readonly<Record<string, LanguageId>> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "tsx",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  py: "python",
  pyi: "python",
  pyw: "python",
  go: "go",
  rs: "rust",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  scala: "scala",
  sc: "scala",
  groovy: "groovy",
  gradle: "groovy",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  "c++": "cpp",
  hh: "cpp",
  hpp: "cpp",
  hxx: "cpp",
  ipp: "cpp",
  inl: "cpp",
  m: "objective-c",
  mm: "objective-c",
  cs: "csharp",
  csx: "csharp",
  fs: "fsharp",
  fsi: "fsharp",
  fsx: "fsharp",
  vb: "visual-basic",
  rb: "ruby",
  rake: "ruby",
  gemspec: "ruby",
  php: "php",
  swift: "swift",
  dart: "dart",
  lua: "lua",
  pl: "perl",
  pm: "perl",
  r: "r",
  jl: "julia",
  ex: "elixir",
  exs: "elixir",
  erl: "erlang",
  hrl: "erlang",
  hs: "haskell",
  ml: "ocaml",
  mli: "ocaml",
  clj: "clojure",
  cljs: "clojure",
  cljc: "clojure",
  edn: "clojure",
  zig: "zig",
  nim: "nim",
  sol: "solidity",
  sh: "shell",
  bash: "shell",
  zsh: "shell",
  fish: "shell",
  ksh: "shell",
  ps1: "powershell",
  psm1: "powershell",
  bat: "batch",
  cmd: "batch",
  sql: "sql",
  graphql: "graphql",
  gql: "graphql",
  proto: "protobuf",
  prisma: "prisma",
  tf: "terraform",
  tfvars: "terraform",
  hcl: "terraform",
  md: "markdown",
  markdown: "markdown",
  mdx: "markdown",
  rst: "restructuredtext",
  adoc: "asciidoc",
  txt: "text",
  yml: "yaml",
  yaml: "yaml",
  json: "json",
  jsonc: "json",
  json5: "json",
  toml: "toml",
  ini: "ini",
  cfg: "ini",
  conf: "ini",
  properties: "ini",
  xml: "xml",
  xsd: "xml",
  svg: "xml",
  plist: "xml",
  csproj: "xml",
  html: "html",
  htm: "html",
  css: "css",
  scss: "scss",
  sass: "scss",
  less: "less",
  vue: "vue",
  svelte: "svelte",
  astro: "astro",
  dockerfile: "dockerfile",
  mk: "makefile",
  cmake: "cmake",
  nix: "nix",
};

/** Names that say what the file is regardless of extension (matched case-insensitively). */
const BY_FILE_NAME: Readonly<Record<string, LanguageId>> = {
  dockerfile: "dockerfile",
  containerfile: "dockerfile",
  makefile: "makefile",
  gnumakefile: "makefile",
  "cmakelists.txt": "cmake",
  gemfile: "ruby",
  rakefile: "ruby",
  podfile: "ruby",
  vagrantfile: "ruby",
  brewfile: "ruby",
  jenkinsfile: "groovy",
  justfile: "makefile",
  procfile: "yaml",
  ".bashrc": "shell",
  ".bash_profile": "shell",
  ".zshrc": "shell",
  ".profile": "shell",
  ".envrc": "shell",
  ".editorconfig": "ini",
  ".gitconfig": "ini",
  ".npmrc": "ini",
  ".gitignore": "text",
  ".dockerignore": "text",
  ".gitattributes": "text",
  readme: "text",
  license: "text",
  licence: "text",
  copying: "text",
  notice: "text",
  authors: "text",
  contributors: "text",
  changelog: "text",
  codeowners: "text",
};

/** Interpreters named on a `#!` line, after any `env` (and its `-S`). */
const BY_INTERPRETER: ReadonlyArray<readonly [RegExp, LanguageId]> = [
  [/^(ba|z|k|da|fi)?sh$/, "shell"],
  [/^python[\d.]*$/, "python"],
  [/^(node|nodejs|bun)$/, "javascript"],
  [/^(deno|ts-node|tsx)$/, "typescript"],
  [/^ruby[\d.]*$/, "ruby"],
  [/^perl[\d.]*$/, "perl"],
  [/^php[\d.]*$/, "php"],
  [/^lua[\d.]*$/, "lua"],
  [/^(pwsh|powershell)$/, "powershell"],
  [/^Rscript$/, "r"],
  [/^elixir$/, "elixir"],
];

export function isLanguageId(value: string): value is LanguageId {
  return (LANGUAGE_IDS as readonly string[]).includes(value);
}

/**
 * The language of a file, from its path and (for extension-less scripts) its first line;
 * null when the file is not a text format we index.
 */
export function detectLanguage(path: string, firstLine?: string): LanguageId | null {
  const name = (path.split(/[\\/]/).pop() ?? "").toLowerCase();
  if (name === "") return null;

  const byName = BY_FILE_NAME[name];
  if (byName) return byName;
  // Dockerfile.dev, Makefile.linux, app.dockerfile: the name carries the meaning.
  if (name.startsWith("dockerfile.") || name.startsWith("containerfile.")) return "dockerfile";
  if (name.startsWith("makefile.")) return "makefile";

  const dot = name.lastIndexOf(".");
  if (dot > 0) {
    const byExtension = BY_EXTENSION[name.slice(dot + 1)];
    if (byExtension) return byExtension;
  }
  // A dot-file like `.env` has no extension in this sense; neither does `bin/deploy`.
  return firstLine === undefined ? null : languageFromShebang(firstLine);
}

export function languageFromShebang(firstLine: string): LanguageId | null {
  const match = /^#!\s*(\S+)(.*)$/.exec(firstLine.trim());
  if (!match) return null;
  let program = match[1].split("/").pop() ?? "";
  if (program === "env") {
    const args = match[2].trim().split(/\s+/);
    program = args.find((arg) => arg !== "" && !arg.startsWith("-") && !arg.includes("=")) ?? "";
  }
  for (const [pattern, language] of BY_INTERPRETER) {
    if (pattern.test(program)) return language;
  }
  return null;
}
