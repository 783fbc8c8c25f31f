/** Parses source with its grammar and reads the outline; the tree is freed before returning. */
import { outlineEcmascript } from "./ecmascript-outline";
import type { Outline } from "./outline";
import { cppRules, cRules } from "./outline-rules/c-family";
import { csharpRules } from "./outline-rules/csharp";
import { goRules } from "./outline-rules/go";
import { javaRules } from "./outline-rules/java";
import { kotlinRules } from "./outline-rules/kotlin";
import { phpRules } from "./outline-rules/php";
import { rubyRules } from "./outline-rules/ruby";
import { rustRules } from "./outline-rules/rust";
import { outlinePython } from "./python-outline";
import { outlineBySyntax, type SyntaxRules } from "./syntax-outline";
import { type GrammarId, parserFor, parseWith } from "./tree-sitter-runtime";

/** Languages read by the table-driven outliner; TypeScript, JavaScript and Python have their own. */
const SYNTAX_RULES: Partial<Record<GrammarId, SyntaxRules>> = {
  go: goRules,
  rust: rustRules,
  java: javaRules,
  kotlin: kotlinRules,
  csharp: csharpRules,
  c: cRules,
  cpp: cppRules,
  ruby: rubyRules,
  php: phpRules,
};

/**
 * Null when this input could not be outlined (parse abandoned or an unexpected tree), so the
 * caller falls back to windows. A grammar that fails to load rejects: that is a broken
 * installation, and indexing every file as plain windows would hide it.
 */
export async function outlineSource(grammar: GrammarId, content: string): Promise<Outline | null> {
  const parser = await parserFor(grammar);
  try {
    const tree = parseWith(parser, content);
    if (!tree) return null;
    try {
      const rules = SYNTAX_RULES[grammar];
      if (rules) return outlineBySyntax(tree.rootNode, content, rules);
      return grammar === "python" ? outlinePython(tree.rootNode) : outlineEcmascript(tree.rootNode);
    } finally {
      tree.delete();
    }
  } catch {
    parser.reset();
    return null;
  }
}
