/**
 * Outline of a Python syntax tree: top-level functions, classes (methods as members),
 * module-level assignments and type aliases, and the modules the file imports.
 * "Exported" follows Python's convention: listed in `__all__` if the module has one,
 * otherwise not starting with an underscore.
 */
import type { Node } from "web-tree-sitter";
import {
  type Declaration,
  dedupeSymbols,
  leadingStart,
  nodeLines,
  type Outline,
  stringValue,
  uniqueInOrder,
} from "./outline";
import type { FileSymbol, SymbolKind } from "./types";

const COMMENTS = new Set(["comment"]);

interface Named {
  name: string;
  kind: SymbolKind;
  line: number;
  body: Node | null;
}

export function outlinePython(root: Node): Outline {
  const declarations: Declaration[] = [];
  const found: { named: Named[]; members: Declaration[] }[] = [];
  let publicNames: Set<string> | null = null;

  for (const statement of root.namedChildren) {
    const named = describeStatement(statement);
    if (named.length === 0) continue;
    if (named[0].name === "__all__") {
      publicNames = readAll(statement);
      continue;
    }
    const className = named.length === 1 && named[0].body ? named[0].name : null;
    const members = className ? classMembers(named[0].body!, className) : [];
    declarations.push({
      range: { start: leadingStart(statement, COMMENTS), end: nodeLines(statement).end },
      name: named.map((entry) => entry.name).join(", "),
      kind: named[0].kind,
      line: named[0].line,
      members,
    });
    found.push({ named, members });
  }

  const isPublic = (name: string) => (publicNames ? publicNames.has(name) : !name.startsWith("_"));
  const symbols: FileSymbol[] = [];
  for (const { named, members } of found) {
    for (const entry of named) {
      const exported = isPublic(entry.name);
      symbols.push({ name: entry.name, kind: entry.kind, line: entry.line, exported });
      for (const member of members) {
        const method = member.name.slice(entry.name.length + 1);
        const isDunder = method.startsWith("__") && method.endsWith("__");
        symbols.push({
          name: member.name,
          kind: "method",
          line: member.line,
          exported: exported && (isDunder || !method.startsWith("_")),
        });
      }
    }
  }
  return { declarations, symbols: dedupeSymbols(symbols), imports: collectImports(root) };
}

function describeStatement(statement: Node): Named[] {
  const definition =
    statement.type === "decorated_definition"
      ? statement.childForFieldName("definition")
      : statement;
  if (!definition) return [];
  switch (definition.type) {
    case "function_definition":
    case "class_definition": {
      const name = definition.childForFieldName("name");
      if (!name) return [];
      const isClass = definition.type === "class_definition";
      return [
        {
          name: name.text,
          kind: isClass ? "class" : "function",
          line: name.startPosition.row + 1,
          body: isClass ? definition.childForFieldName("body") : null,
        },
      ];
    }
    case "type_alias_statement": {
      const name = definition.childForFieldName("left") ?? definition.namedChildren[0];
      return name
        ? [{ name: name.text, kind: "type", line: name.startPosition.row + 1, body: null }]
        : [];
    }
    case "expression_statement": {
      const assignment = definition.firstNamedChild;
      if (assignment?.type !== "assignment") return [];
      const left = assignment.childForFieldName("left");
      if (left?.type !== "identifier") return [];
      return [{ name: left.text, kind: "variable", line: left.startPosition.row + 1, body: null }];
    }
    default:
      return [];
  }
}

function classMembers(body: Node, className: string): Declaration[] {
  const members: Declaration[] = [];
  for (const member of body.namedChildren) {
    const definition =
      member.type === "decorated_definition" ? member.childForFieldName("definition") : member;
    if (definition?.type !== "function_definition") continue;
    const name = definition.childForFieldName("name");
    if (!name) continue;
    members.push({
      range: { start: leadingStart(member, COMMENTS), end: nodeLines(member).end },
      name: `${className}.${name.text}`,
      kind: "method",
      line: name.startPosition.row + 1,
      members: [],
    });
  }
  return members;
}

/** The names listed in `__all__ = [...]` (or a tuple); anything fancier is ignored. */
function readAll(statement: Node): Set<string> | null {
  const value = statement.firstNamedChild?.childForFieldName("right");
  if (!value || (value.type !== "list" && value.type !== "tuple")) return null;
  return new Set(
    value.namedChildren.filter((item) => item.type === "string").map((item) => stringValue(item)),
  );
}

/** `import a.b` gives `a.b`; `from x import y` gives `x` (relative ones keep their dots). */
function collectImports(root: Node): string[] {
  const modules: string[] = [];
  for (const statement of root.descendantsOfType(["import_statement", "import_from_statement"])) {
    if (statement.type === "import_from_statement") {
      const module = statement.childForFieldName("module_name");
      if (module) modules.push(module.text);
      continue;
    }
    for (const name of statement.childrenForFieldName("name")) {
      const dotted = name.type === "aliased_import" ? name.childForFieldName("name") : name;
      if (dotted) modules.push(dotted.text);
    }
  }
  return uniqueInOrder(modules);
}
