/** Parses source with its grammar and reads the outline; the tree is freed before returning. */
import { outlineEcmascript } from "./ecmascript-outline";
import type { Outline } from "./outline";
import { outlinePython } from "./python-outline";
import { type GrammarId, parserFor, parseWith } from "./tree-sitter-runtime";

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
      return grammar === "python" ? outlinePython(tree.rootNode) : outlineEcmascript(tree.rootNode);
    } finally {
      tree.delete();
    }
  } catch {
    parser.reset();
    return null;
  }
}
