/**
 * PHP: namespaces, classes, interfaces, traits and enums with their methods, functions and
 * constants, docblocks kept with their declaration (attributes are part of it), `use` imports
 * and literal `require`/`include` paths. Members are public unless `private` or `protected`.
 */
import type { Node } from "web-tree-sitter";
import {
  type Describe,
  declared,
  literalText,
  type SyntaxRules,
  visibleIn,
} from "../syntax-outline";
import type { SymbolKind } from "../types";

const INCLUDES = [
  "require_expression",
  "require_once_expression",
  "include_expression",
  "include_once_expression",
];

const type =
  (kind: SymbolKind): Describe =>
  (node, scope) =>
    declared(node, kind, {
      exported: visibleIn(scope, null),
      body: node.childForFieldName("body"),
      container: "type",
      membersPublic: true,
    });

export const phpRules: SyntaxRules = {
  leading: new Set(["comment"]),
  topLevelPublic: true,
  declarations: {
    namespace_definition: (node) =>
      declared(node, "module", {
        exported: true,
        body: node.childForFieldName("body"),
        container: "namespace",
      }),
    class_declaration: type("class"),
    interface_declaration: type("interface"),
    trait_declaration: type("interface"),
    enum_declaration: type("enum"),
    function_definition: (node, scope) =>
      declared(node, "function", { exported: visibleIn(scope, null) }),
    method_declaration: (node, scope) =>
      declared(node, "function", { exported: visibleIn(scope, visibility(node)) }),
    const_declaration: (node, scope) =>
      scope.owner === null
        ? node.namedChildren
            .filter((child) => child.type === "const_element")
            .flatMap((element) =>
              declared(element, "variable", { exported: true }, element.namedChildren[0] ?? null),
            )
        : [],
  },
  imports: (root) =>
    root.descendantsOfType(["namespace_use_declaration", ...INCLUDES]).flatMap((node) => {
      if (node.type !== "namespace_use_declaration") {
        const path = node.namedChildren[0];
        const literal = path?.type === "string" || path?.type === "encapsed_string";
        return literal && path.namedChildren.length <= 1 ? [literalText(path)] : [];
      }
      return importedNames(node);
    }),
};

/** `use A\B, C\D as E;` gives `A\B` and `C\D`; `use P\{Q, R};` gives `P\Q` and `P\R`. */
function importedNames(node: Node): string[] {
  const group = node.childForFieldName("body");
  const prefix = group ? node.namedChildren.find((child) => child.type === "namespace_name") : null;
  const clauses = (group ?? node).namedChildren.filter(
    (child) => child.type === "namespace_use_clause",
  );
  return clauses.flatMap((clause) => {
    const name = clause.namedChildren.find(
      (child) => child.type === "qualified_name" || child.type === "name",
    );
    if (!name) return [];
    const path = name.text.replace(/^\\/, "");
    return [prefix ? `${prefix.text}\\${path}` : path];
  });
}

function visibility(node: Node): boolean | null {
  const modifier = node.namedChildren.find((child) => child.type === "visibility_modifier");
  return modifier ? modifier.text === "public" : null;
}
