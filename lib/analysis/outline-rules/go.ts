/**
 * Go: functions, methods named after their receiver's type (`Server.Serve`), types (structs as
 * classes, interfaces), package-level vars and consts, and import paths. Exported means
 * capitalised, as in Go.
 */
import type { Node } from "web-tree-sitter";
import { declared, type Found, literalText, type SyntaxRules } from "../syntax-outline";
import type { SymbolKind } from "../types";

const isCapitalised = (name: string) => /^\p{Lu}/u.test(name);

export const goRules: SyntaxRules = {
  leading: new Set(["comment"]),
  topLevelPublic: false,
  declarations: {
    function_declaration: (node) => named(node, "function"),
    method_declaration: (node) => {
      const owner = receiverType(node);
      if (!owner) return named(node, "function");
      // A method of an unexported type is reachable only through an interface.
      return named(node, "function").map((found) => ({
        ...found,
        owner,
        exported: found.exported && isCapitalised(owner),
      }));
    },
    type_declaration: (node) =>
      node.namedChildren
        .filter((spec) => spec.type === "type_spec" || spec.type === "type_alias")
        .flatMap((spec) => named(spec, typeKind(spec.childForFieldName("type")))),
    const_declaration: specNames,
    var_declaration: specNames,
  },
  imports: (root) =>
    root.descendantsOfType("import_spec").flatMap((spec) => {
      const path = spec.childForFieldName("path");
      return path ? [literalText(path)] : [];
    }),
};

function named(node: Node, kind: SymbolKind, nameNode = node.childForFieldName("name")): Found[] {
  return declared(node, kind, { exported: isCapitalised(nameNode?.text ?? "") }, nameNode);
}

/** `var ( a, b = … )` and `const ( … )` blocks: every name in every spec. */
function specNames(node: Node): Found[] {
  return node
    .descendantsOfType(["const_spec", "var_spec"])
    .flatMap((spec) => spec.childrenForFieldName("name"))
    .flatMap((name) => named(name, "variable", name));
}

function typeKind(type: Node | null): SymbolKind {
  if (type?.type === "struct_type") return "class";
  if (type?.type === "interface_type") return "interface";
  return "type";
}

/** `(s *Server)`, `(s Server)` and `(l *List[T])` all name `Server` or `List`. */
function receiverType(method: Node): string | null {
  const receiver = method.childForFieldName("receiver");
  const type = receiver?.descendantsOfType("parameter_declaration")[0]?.childForFieldName("type");
  if (!type) return null;
  if (type.type === "type_identifier") return type.text;
  return type.descendantsOfType("type_identifier")[0]?.text ?? null;
}
