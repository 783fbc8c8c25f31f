/**
 * Outline of a syntax tree driven by a per-language table (`outline-rules/`): which nodes
 * declare what, which hold members, which are read through (`#ifdef` blocks), which comments
 * and attributes lead a declaration, and how the file names its imports. One walk serves Go,
 * Rust, Java, Kotlin, C#, C, C++, Ruby and PHP; TypeScript and Python keep their own outliners.
 */
import type { Node } from "web-tree-sitter";
import { type Declaration, dedupeSymbols, nodeLines, type Outline, uniqueInOrder } from "./outline";
import type { FileSymbol, SymbolKind } from "./types";

/** Where a declaration stands: what its members are named after and who may see them. */
export interface Scope {
  /** Qualified name of the enclosing type (`Outer.Inner`), null at the top or in a namespace. */
  owner: string | null;
  ownerExported: boolean;
  /** Visibility of a member that states none; sections like C++ `private:` change it. */
  defaultPublic: boolean;
}

/** One name a declaration introduces. */
export interface Found {
  name: string;
  /** `function` becomes `method` inside a type or with an `owner`. */
  kind: SymbolKind;
  line: number;
  exported: boolean;
  /** The type a declaration outside it belongs to: a Go receiver, C++ `Foo::bar`. */
  owner?: string;
  /**
   * Members are read from here: a type's are named `Type.member`; a namespace's keep their
   * names and are chunked as if they stood outside it.
   */
  body?: Node | null;
  container?: "type" | "namespace";
  /** Whether a member of this container that states no visibility is public. */
  membersPublic?: boolean;
  /** False for a block that names no new symbol (a Rust `impl`): it still groups members. */
  symbol?: boolean;
}

export type Describe = (node: Node, scope: Scope) => Found[];

export interface SyntaxRules {
  /** Comments, attributes and annotations a declaration keeps when they stand right above it. */
  leading: ReadonlySet<string>;
  declarations: Readonly<Record<string, Describe>>;
  /**
   * Nodes whose children stand in the current scope (`#ifdef` blocks, `extern "C" {}`, a Kotlin
   * companion object): the node whose named children to read, or null to treat it normally.
   */
  transparent?: Readonly<Record<string, (node: Node) => Node | null>>;
  /** Wrappers like C++ `template <…>`: the range is the wrapper's, the meaning the inner node's. */
  wrappers?: Readonly<Record<string, (node: Node) => Node | null>>;
  /** The default visibility a statement sets for the members after it, if it is such a statement. */
  section?: (node: Node) => boolean | undefined;
  /** Module specifiers as written, in order of appearance. */
  imports: (root: Node) => string[];
  /** Visibility of a top-level declaration that states none. */
  topLevelPublic: boolean;
}

export function outlineBySyntax(root: Node, content: string, rules: SyntaxRules): Outline {
  const leadingStarts = indexLeading(root, rules.leading, content.split("\n"));
  const symbols: FileSymbol[] = [];

  const leadingStart = (node: Node): number => {
    let row = node.startPosition.row;
    for (let above = leadingStarts.get(row - 1); above !== undefined; ) {
      row = above;
      above = leadingStarts.get(row - 1);
    }
    return row + 1;
  };

  const unwrap = (node: Node): Node => {
    const inner = rules.wrappers?.[node.type]?.(node);
    return inner ? unwrap(inner) : node;
  };

  const readScope = (container: Node, outer: Scope): Declaration[] => {
    const declarations: Declaration[] = [];
    let scope = outer;
    for (const child of container.namedChildren) {
      const section = rules.section?.(child);
      if (section !== undefined) {
        scope = { ...scope, defaultPublic: section };
        continue;
      }
      const through = rules.transparent?.[child.type]?.(child);
      if (through) {
        declarations.push(...readScope(through, scope));
        continue;
      }
      const inner = unwrap(child);
      const found = rules.declarations[inner.type]?.(inner, scope) ?? [];
      const named = found.filter((entry) => entry.name !== "");
      if (named.length === 0) continue;
      const names = named.map((entry) => qualifiedName(entry, scope));
      named.forEach((entry, index) => {
        if (entry.symbol === false) return;
        const kind = kindIn(entry, scope);
        symbols.push({ name: names[index], kind, line: entry.line, exported: entry.exported });
      });
      const [first] = named;
      const body = named.length === 1 ? first.body : null;
      // A namespace is no unit of its own: its declarations are, as if they stood outside it.
      if (body && first.container === "namespace") {
        declarations.push(...readScope(body, scope));
        continue;
      }
      declarations.push({
        range: { start: leadingStart(child), end: nodeLines(child).end },
        name: names.join(", "),
        kind: kindIn(first, scope),
        line: first.line,
        members: body ? readScope(body, memberScope(first, names[0])) : [],
      });
    }
    return declarations;
  };

  const top: Scope = { owner: null, ownerExported: true, defaultPublic: rules.topLevelPublic };
  const declarations = readScope(root, top);
  symbols.sort((a, b) => a.line - b.line);
  return {
    declarations,
    symbols: dedupeSymbols(symbols),
    imports: uniqueInOrder(rules.imports(root)),
  };
}

function qualifiedName(found: Found, scope: Scope): string {
  const owner = found.owner ?? scope.owner;
  return owner ? `${owner}.${found.name}` : found.name;
}

function kindIn(found: Found, scope: Scope): SymbolKind {
  return found.kind === "function" && (found.owner ?? scope.owner) ? "method" : found.kind;
}

function memberScope(found: Found, name: string): Scope {
  return {
    owner: name,
    ownerExported: found.exported,
    defaultPublic: found.membersPublic ?? false,
  };
}

/**
 * For each full-line comment (or attribute) in the file: the row it ends on mapped to the row
 * its run starts on. A declaration starting on the next row takes the run; a blank line or a
 * comment trailing code on its line ends it. Rows, not siblings: in some grammars the comments
 * above a class's first member belong to the class node, not to the body holding the member.
 */
function indexLeading(
  root: Node,
  types: ReadonlySet<string>,
  lines: readonly string[],
): Map<number, number> {
  const starts = new Map<number, number>();
  for (const node of root.descendantsOfType([...types])) {
    const { row, column } = node.startPosition;
    if (lines[row]?.slice(0, column).trim() !== "") continue;
    const endRow = nodeLines(node).end - 1;
    starts.set(endRow, Math.min(row, starts.get(endRow) ?? row));
  }
  return starts;
}

/** A `Found` named by the node's `name` field (or `nameNode`); none when it has no name. */
export function declared(
  node: Node,
  kind: SymbolKind,
  details: Omit<Found, "name" | "kind" | "line">,
  nameNode: Node | null = node.childForFieldName("name"),
): Found[] {
  if (!nameNode) return [];
  return [{ name: nameNode.text, kind, line: nameNode.startPosition.row + 1, ...details }];
}

/** Exported-ness of a declaration that states `explicit` visibility (null: it states none). */
export function visibleIn(scope: Scope, explicit: boolean | null): boolean {
  const visible = explicit ?? scope.defaultPublic;
  return scope.owner === null ? visible : scope.ownerExported && visible;
}

/**
 * The describers of a language whose declarations state their visibility in modifiers
 * (Java, C#): a type holding members in its `body`, and a member. `visibility` reads a
 * declaration's modifiers (null: it states none).
 */
export function modifierDeclarations(visibility: (node: Node) => boolean | null) {
  const exported = (node: Node, scope: Scope) => visibleIn(scope, visibility(node));
  return {
    type:
      (kind: SymbolKind, membersPublic = false) =>
      (node: Node, scope: Scope) =>
        declared(node, kind, {
          exported: exported(node, scope),
          body: node.childForFieldName("body"),
          container: "type",
          membersPublic,
        }),
    member: (node: Node, scope: Scope) =>
      declared(node, "function", { exported: exported(node, scope) }),
  };
}

export function hasChild(node: Node, type: string): boolean {
  return node.children.some((child) => child.type === type);
}

/** Text of a string literal without its quotes, whatever the grammar calls the inside. */
export function literalText(node: Node): string {
  return node.text.replace(/^[A-Za-z]*(['"`<])(.*)['"`>]$/s, "$2");
}
