/**
 * Outline of a TypeScript, TSX or JavaScript syntax tree: top-level declarations (classes with
 * their methods as members), exported-ness, and every module specifier the file depends on.
 */
import type { Node } from "web-tree-sitter";
import {
  type Declaration,
  dedupeSymbols,
  leadingStart,
  nodeLines,
  type Outline,
  stringValue,
  symbolLine,
  uniqueInOrder,
} from "./outline";
import type { FileSymbol, SymbolKind } from "./types";

const COMMENTS = new Set(["comment"]);
const COMMENTS_AND_DECORATORS = new Set(["comment", "decorator"]);

const FUNCTION_VALUES = new Set([
  "arrow_function",
  "function_expression",
  "function",
  "generator_function",
]);
const CLASS_NODES = new Set(["class_declaration", "abstract_class_declaration", "class"]);

const DECLARATION_KINDS: Readonly<Record<string, SymbolKind>> = {
  function_declaration: "function",
  generator_function_declaration: "function",
  function_signature: "function",
  class_declaration: "class",
  abstract_class_declaration: "class",
  class: "class",
  interface_declaration: "interface",
  type_alias_declaration: "type",
  enum_declaration: "enum",
  internal_module: "module",
  module: "module",
  function_expression: "function",
  arrow_function: "function",
};

const MEMBER_TYPES = new Set([
  "method_definition",
  "abstract_method_signature",
  "method_signature",
  "public_field_definition",
  "field_definition",
]);

interface Named {
  name: string;
  kind: SymbolKind;
  line: number;
  body: Node | null;
}

export function outlineEcmascript(root: Node): Outline {
  const declarations: Declaration[] = [];
  const topLevel: FileSymbol[] = [];
  const methods: { symbol: FileSymbol; owner: string; isPublic: boolean }[] = [];
  const exportedNames = new Set<string>();

  for (const statement of root.namedChildren) {
    const found = describeStatement(statement, exportedNames);
    if (!found) continue;
    const { named, exported } = found;
    const className = named.length === 1 && named[0].body ? named[0].name : null;
    const members = className ? classMembers(named[0].body!, className) : [];
    declarations.push({
      range: { start: leadingStart(statement, COMMENTS), end: nodeLines(statement).end },
      name: named.map((entry) => entry.name).join(", "),
      kind: named[0].kind,
      line: named[0].line,
      members: members.map((member) => member.declaration),
    });
    for (const entry of named) {
      topLevel.push({ name: entry.name, kind: entry.kind, line: entry.line, exported });
    }
    for (const { declaration, isPublic } of members) {
      const symbol: FileSymbol = {
        name: declaration.name,
        kind: "method",
        line: declaration.line,
        exported: false,
      };
      methods.push({ symbol, owner: className!, isPublic });
    }
  }

  // `export { a }` and `exports.a = a` may come after the declaration they export.
  const exportedOwners = new Set<string>();
  for (const symbol of topLevel) {
    if (exportedNames.has(symbol.name)) symbol.exported = true;
    if (symbol.exported) exportedOwners.add(symbol.name);
  }
  for (const { symbol, owner, isPublic } of methods) {
    symbol.exported = isPublic && exportedOwners.has(owner);
  }
  const symbols = [...topLevel, ...methods.map((method) => method.symbol)].sort(
    (a, b) => a.line - b.line,
  );
  return { declarations, symbols: dedupeSymbols(symbols), imports: collectImports(root) };
}

/** What a top-level statement declares, or null for glue (imports, calls, re-exports). */
function describeStatement(
  statement: Node,
  exportedNames: Set<string>,
): { named: Named[]; exported: boolean } | null {
  switch (statement.type) {
    case "export_statement": {
      const inner =
        statement.childForFieldName("declaration") ?? statement.childForFieldName("value");
      if (!inner) {
        for (const specifier of statement.descendantsOfType("export_specifier")) {
          const local = specifier.childForFieldName("name");
          if (local && !statement.childForFieldName("source")) exportedNames.add(local.text);
        }
        return null;
      }
      if (inner.type === "identifier") {
        exportedNames.add(inner.text);
        return null;
      }
      const named = describeDeclaration(inner, "default");
      return named.length > 0 ? { named, exported: true } : null;
    }
    case "ambient_declaration": {
      const inner = statement.namedChildren.find((child) => child.type !== "comment");
      const named = inner ? describeDeclaration(inner, null) : [];
      return named.length > 0 ? { named, exported: false } : null;
    }
    case "expression_statement": {
      const inner = statement.firstNamedChild;
      if (inner?.type === "internal_module")
        return { named: describeDeclaration(inner, null), exported: false };
      if (inner?.type === "assignment_expression") {
        const named = describeCommonJsExport(inner, exportedNames);
        return named ? { named: [named], exported: true } : null;
      }
      return null;
    }
    default: {
      const named = describeDeclaration(statement, null);
      return named.length > 0 ? { named, exported: false } : null;
    }
  }
}

function describeDeclaration(node: Node, anonymousName: string | null): Named[] {
  if (node.type === "lexical_declaration" || node.type === "variable_declaration") {
    return node.namedChildren
      .filter((child) => child.type === "variable_declarator")
      .flatMap((declarator) => {
        const name = declarator.childForFieldName("name");
        if (name?.type !== "identifier") return [];
        const value = declarator.childForFieldName("value");
        const isClass = value !== null && CLASS_NODES.has(value.type);
        const kind: SymbolKind = isClass
          ? "class"
          : value !== null && FUNCTION_VALUES.has(value.type)
            ? "function"
            : "variable";
        const body = isClass ? value.childForFieldName("body") : null;
        return [{ name: name.text, kind, line: name.startPosition.row + 1, body }];
      });
  }
  const kind = DECLARATION_KINDS[node.type];
  if (!kind) return [];
  const nameNode = node.childForFieldName("name");
  const name = nameNode ? unquote(nameNode.text) : anonymousName;
  if (name === null) return [];
  const body = CLASS_NODES.has(node.type) ? node.childForFieldName("body") : null;
  return [{ name, kind, line: symbolLine(node), body }];
}

/**
 * `exports.foo = …` and `module.exports.foo = …`: the CommonJS way to export a name. Exporting
 * an existing binding (`exports.Foo = Foo`) declares nothing new, it marks `Foo` exported.
 */
function describeCommonJsExport(assignment: Node, exportedNames: Set<string>): Named | null {
  const left = assignment.childForFieldName("left");
  if (left?.type !== "member_expression") return null;
  const target = left.childForFieldName("object")?.text;
  if (target !== "exports" && target !== "module.exports") return null;
  const property = left.childForFieldName("property");
  if (!property) return null;
  const right = assignment.childForFieldName("right");
  if (right?.type === "identifier") {
    exportedNames.add(right.text);
    return null;
  }
  const isClass = right !== null && CLASS_NODES.has(right.type);
  const kind: SymbolKind = isClass
    ? "class"
    : right !== null && FUNCTION_VALUES.has(right.type)
      ? "function"
      : "variable";
  const body = isClass ? right.childForFieldName("body") : null;
  return { name: property.text, kind, line: property.startPosition.row + 1, body };
}

/** Methods (and function-valued fields) of a class body, each with its comments and decorators. */
function classMembers(
  body: Node,
  className: string,
): { declaration: Declaration; isPublic: boolean }[] {
  const members: { declaration: Declaration; isPublic: boolean }[] = [];
  for (const member of body.namedChildren) {
    if (!MEMBER_TYPES.has(member.type)) continue;
    const isField = member.type === "public_field_definition" || member.type === "field_definition";
    if (isField) {
      const value = member.childForFieldName("value");
      if (!value || !FUNCTION_VALUES.has(value.type)) continue;
    }
    const name = member.childForFieldName("name") ?? member.childForFieldName("property");
    if (!name) continue;
    const accessibility = member.namedChildren.find(
      (child) => child.type === "accessibility_modifier",
    );
    members.push({
      declaration: {
        range: { start: leadingStart(member, COMMENTS_AND_DECORATORS), end: nodeLines(member).end },
        name: `${className}.${name.text}`,
        kind: "method",
        line: name.startPosition.row + 1,
        members: [],
      },
      isPublic: !name.text.startsWith("#") && (accessibility?.text ?? "public") === "public",
    });
  }
  return members;
}

function unquote(text: string): string {
  return text.replace(/^(['"])(.*)\1$/s, "$2");
}

/** Static imports, re-exports, `import x = require()`, `require("x")` and `import("x")`. */
function collectImports(root: Node): string[] {
  const specifiers: { index: number; value: string }[] = [];
  const withSource = root.descendantsOfType(["import_statement", "export_statement"]);
  for (const statement of withSource) {
    const source =
      statement.childForFieldName("source") ??
      statement.namedChildren
        .find((child) => child.type === "import_require_clause")
        ?.childForFieldName("source");
    if (source) specifiers.push({ index: source.startIndex, value: stringValue(source) });
  }
  for (const call of root.descendantsOfType("call_expression")) {
    const callee = call.childForFieldName("function");
    if (
      !callee ||
      !(callee.type === "import" || (callee.type === "identifier" && callee.text === "require"))
    ) {
      continue;
    }
    const first = call.childForFieldName("arguments")?.namedChildren[0];
    if (first?.type === "string")
      specifiers.push({ index: first.startIndex, value: stringValue(first) });
  }
  specifiers.sort((a, b) => a.index - b.index);
  return uniqueInOrder(specifiers.map((entry) => entry.value).filter((value) => value !== ""));
}
