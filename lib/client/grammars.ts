import type { LanguageFn } from "highlight.js";

// Which highlight.js grammar colours which file, and how to load it.

type GrammarModule = { default: LanguageFn };

// One loader per grammar, each a separate chunk: a page loads only the languages it shows.
export const grammars: Record<string, () => Promise<GrammarModule>> = {
  asciidoc: () => import("highlight.js/lib/languages/asciidoc"),
  bash: () => import("highlight.js/lib/languages/bash"),
  c: () => import("highlight.js/lib/languages/c"),
  clojure: () => import("highlight.js/lib/languages/clojure"),
  cmake: () => import("highlight.js/lib/languages/cmake"),
  cpp: () => import("highlight.js/lib/languages/cpp"),
  csharp: () => import("highlight.js/lib/languages/csharp"),
  css: () => import("highlight.js/lib/languages/css"),
  dart: () => import("highlight.js/lib/languages/dart"),
  dockerfile: () => import("highlight.js/lib/languages/dockerfile"),
  dos: () => import("highlight.js/lib/languages/dos"),
  elixir: () => import("highlight.js/lib/languages/elixir"),
  erlang: () => import("highlight.js/lib/languages/erlang"),
  fsharp: () => import("highlight.js/lib/languages/fsharp"),
  go: () => import("highlight.js/lib/languages/go"),
  graphql: () => import("highlight.js/lib/languages/graphql"),
  groovy: () => import("highlight.js/lib/languages/groovy"),
  haskell: () => import("highlight.js/lib/languages/haskell"),
  ini: () => import("highlight.js/lib/languages/ini"),
  java: () => import("highlight.js/lib/languages/java"),
  javascript: () => import("highlight.js/lib/languages/javascript"),
  json: () => import("highlight.js/lib/languages/json"),
  julia: () => import("highlight.js/lib/languages/julia"),
  kotlin: () => import("highlight.js/lib/languages/kotlin"),
  less: () => import("highlight.js/lib/languages/less"),
  lua: () => import("highlight.js/lib/languages/lua"),
  makefile: () => import("highlight.js/lib/languages/makefile"),
  markdown: () => import("highlight.js/lib/languages/markdown"),
  nim: () => import("highlight.js/lib/languages/nim"),
  nix: () => import("highlight.js/lib/languages/nix"),
  objectivec: () => import("highlight.js/lib/languages/objectivec"),
  ocaml: () => import("highlight.js/lib/languages/ocaml"),
  perl: () => import("highlight.js/lib/languages/perl"),
  php: () => import("highlight.js/lib/languages/php"),
  powershell: () => import("highlight.js/lib/languages/powershell"),
  protobuf: () => import("highlight.js/lib/languages/protobuf"),
  python: () => import("highlight.js/lib/languages/python"),
  r: () => import("highlight.js/lib/languages/r"),
  ruby: () => import("highlight.js/lib/languages/ruby"),
  rust: () => import("highlight.js/lib/languages/rust"),
  scala: () => import("highlight.js/lib/languages/scala"),
  scss: () => import("highlight.js/lib/languages/scss"),
  sql: () => import("highlight.js/lib/languages/sql"),
  swift: () => import("highlight.js/lib/languages/swift"),
  typescript: () => import("highlight.js/lib/languages/typescript"),
  vbnet: () => import("highlight.js/lib/languages/vbnet"),
  xml: () => import("highlight.js/lib/languages/xml"),
  yaml: () => import("highlight.js/lib/languages/yaml"),
};

/** The index's language ids (lib/analysis/languages.ts) that name a grammar differently. */
const grammarByLanguage: Record<string, string> = {
  tsx: "typescript",
  "objective-c": "objectivec",
  "visual-basic": "vbnet",
  shell: "bash",
  batch: "dos",
  toml: "ini",
  html: "xml",
  vue: "xml",
  svelte: "xml",
  astro: "xml",
};

/** For paths whose language the caller does not know (search results carry none). */
const grammarByExtension: Record<string, string> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  tsx: "typescript",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  jsx: "javascript",
  py: "python",
  pyi: "python",
  go: "go",
  rs: "rust",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  scala: "scala",
  groovy: "groovy",
  gradle: "groovy",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  hh: "cpp",
  m: "objectivec",
  mm: "objectivec",
  cs: "csharp",
  fs: "fsharp",
  vb: "vbnet",
  rb: "ruby",
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
  hs: "haskell",
  ml: "ocaml",
  clj: "clojure",
  nim: "nim",
  sh: "bash",
  bash: "bash",
  zsh: "bash",
  ps1: "powershell",
  bat: "dos",
  cmd: "dos",
  sql: "sql",
  graphql: "graphql",
  gql: "graphql",
  proto: "protobuf",
  md: "markdown",
  markdown: "markdown",
  adoc: "asciidoc",
  yml: "yaml",
  yaml: "yaml",
  json: "json",
  toml: "ini",
  ini: "ini",
  cfg: "ini",
  xml: "xml",
  html: "xml",
  htm: "xml",
  svg: "xml",
  vue: "xml",
  svelte: "xml",
  css: "css",
  scss: "scss",
  less: "less",
  nix: "nix",
  cmake: "cmake",
};

const grammarByFileName: Record<string, string> = {
  dockerfile: "dockerfile",
  makefile: "makefile",
  gnumakefile: "makefile",
  "cmakelists.txt": "cmake",
};

/** The grammar to colour a file with, from its indexed language or else its name; null for plain text. */
export function grammarFor({
  language,
  path,
}: {
  language?: string | null;
  path: string;
}): string | null {
  if (language) {
    const named = grammarByLanguage[language] ?? language;
    if (named in grammars) return named;
  }
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (base in grammarByFileName) return grammarByFileName[base];
  if (base.startsWith("dockerfile")) return "dockerfile";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? (grammarByExtension[base.slice(dot + 1)] ?? null) : null;
}
