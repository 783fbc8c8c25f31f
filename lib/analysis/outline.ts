/**
 * The language-neutral result of reading a syntax tree: declarations with line ranges (what the
 * chunk planner splits along), symbols and imports. Also the node helpers every outliner shares.
 */
import type { Node } from "web-tree-sitter";
import type { LineRange } from "./line-windows";
import type { FileSymbol, SymbolKind } from "./types";

export interface Declaration {
  /** Includes leading comments and decorators. */
  range: LineRange;
  /** Chunk label: `Foo`, `Foo.bar`, `default`, or `a, b` for one statement declaring several. */
  name: string;
  kind: SymbolKind;
  /** 1-based line of the (first) declared name. */
  line: number;
  /** Parts a declaration too big for one chunk is split along (a class's methods). */
  members: Declaration[];
}

export interface Outline {
  declarations: Declaration[];
  symbols: FileSymbol[];
  imports: string[];
}

/** 1-based lines of a node. A node ending at column 0 ends on the line before (its newline). */
export function nodeLines(node: Node): LineRange {
  const start = node.startPosition.row + 1;
  const { row, column } = node.endPosition;
  const end = column === 0 && row > node.startPosition.row ? row : row + 1;
  return { start, end };
}

/**
 * The first line of `node` including the comments (and, where given, decorators) directly above
 * it. A blank line or a comment trailing an earlier statement ends the run: those describe
 * something else.
 */
export function leadingStart(node: Node, attachTypes: ReadonlySet<string>): number {
  let start = node.startPosition.row;
  let previous = node.previousNamedSibling;
  while (previous && attachTypes.has(previous.type)) {
    if (previous.endPosition.row < start - 1) break;
    const before = previous.previousSibling;
    if (before && before.endPosition.row === previous.startPosition.row) break;
    start = previous.startPosition.row;
    previous = previous.previousNamedSibling;
  }
  return start + 1;
}

/** The line a symbol is reported at: its name if it has one, else the node itself. */
export function symbolLine(node: Node): number {
  const name = node.childForFieldName("name");
  return (name ?? node).startPosition.row + 1;
}

/** Text of a string literal node without its quotes (tree-sitter keeps them). */
export function stringValue(node: Node): string {
  const fragment = node.namedChildren.find((child) => child.type === "string_fragment");
  if (fragment) return fragment.text;
  return node.text.replace(/^(['"`])(.*)\1$/s, "$2");
}

export function uniqueInOrder(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

/** Keeps the first symbol per name and kind (overload signatures repeat a function's name). */
export function dedupeSymbols(symbols: readonly FileSymbol[]): FileSymbol[] {
  const seen = new Set<string>();
  return symbols.filter((symbol) => {
    const key = `${symbol.kind}:${symbol.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
