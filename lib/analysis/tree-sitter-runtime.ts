/**
 * The tree-sitter runtime: initialised once per process, each grammar loaded on first use.
 * Grammars are the `.wasm` files shipped in the grammar packages; paths are resolved from this
 * module (not the working directory) so any process that can import it can parse.
 */
import { createRequire } from "node:module";
import { Language, Parser, type Tree } from "web-tree-sitter";

const GRAMMAR_FILES = {
  typescript: "tree-sitter-typescript/tree-sitter-typescript.wasm",
  tsx: "tree-sitter-typescript/tree-sitter-tsx.wasm",
  javascript: "tree-sitter-javascript/tree-sitter-javascript.wasm",
  python: "tree-sitter-python/tree-sitter-python.wasm",
  go: "tree-sitter-go/tree-sitter-go.wasm",
  rust: "tree-sitter-rust/tree-sitter-rust.wasm",
  java: "tree-sitter-java/tree-sitter-java.wasm",
  kotlin: "@tree-sitter-grammars/tree-sitter-kotlin/tree-sitter-kotlin.wasm",
  csharp: "tree-sitter-c-sharp/tree-sitter-c_sharp.wasm",
  c: "tree-sitter-c/tree-sitter-c.wasm",
  cpp: "tree-sitter-cpp/tree-sitter-cpp.wasm",
  ruby: "tree-sitter-ruby/tree-sitter-ruby.wasm",
  php: "tree-sitter-php/tree-sitter-php.wasm",
} as const;

export type GrammarId = keyof typeof GRAMMAR_FILES;

export function grammarFor(language: string): GrammarId | null {
  return Object.hasOwn(GRAMMAR_FILES, language) ? (language as GrammarId) : null;
}

const require = createRequire(import.meta.url);
let runtime: Promise<void> | null = null;
const parsers = new Map<GrammarId, Promise<Parser>>();

function initRuntime(): Promise<void> {
  runtime ??= Parser.init({
    locateFile: () => require.resolve("web-tree-sitter/web-tree-sitter.wasm"),
  }).catch((error: unknown) => {
    runtime = null;
    throw error;
  });
  return runtime;
}

/**
 * One parser per grammar: parsing is synchronous, so sharing it across async callers is safe.
 * Rejects only for a broken installation (a missing or incompatible `.wasm`), never for input.
 */
export function parserFor(grammar: GrammarId): Promise<Parser> {
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = (async () => {
      await initRuntime();
      const language = await Language.load(require.resolve(GRAMMAR_FILES[grammar]));
      return new Parser().setLanguage(language);
    })();
    // A failed load is retried on the next call instead of being cached forever.
    parser.catch(() => parsers.delete(grammar));
    parsers.set(grammar, parser);
  }
  return parser;
}

/**
 * Parses `content`, giving up after `timeoutMs` (pathological inputs exist). Returns null when
 * parsing was abandoned. The caller must `delete()` the tree: it lives in wasm memory.
 */
export function parseWith(parser: Parser, content: string, timeoutMs = 5_000): Tree | null {
  const deadline = performance.now() + timeoutMs;
  const tree = parser.parse(content, null, {
    progressCallback: () => performance.now() > deadline,
  });
  if (!tree) parser.reset();
  return tree;
}
