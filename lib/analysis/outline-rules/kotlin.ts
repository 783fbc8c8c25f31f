/**
 * Kotlin: classes, interfaces, enum classes and objects with their functions (a companion
 * object's count as the class's), top-level functions, properties and type aliases, KDoc and
 * annotations kept with their declaration, and imports. Public unless `private`, `protected`
 * or `internal`, as in Kotlin.
 */
import type { Node } from "web-tree-sitter";
import { declared, hasChild, type Scope, type SyntaxRules, visibleIn } from "../syntax-outline";
import type { SymbolKind } from "../types";

const CLASS_BODIES = new Set(["class_body", "enum_class_body"]);

const container = (node: Node, scope: Scope, kind: SymbolKind) =>
  declared(node, kind, {
    exported: visibleIn(scope, visibility(node)),
    body: node.namedChildren.find((child) => CLASS_BODIES.has(child.type)) ?? null,
    container: "type",
    membersPublic: true,
  });

export const kotlinRules: SyntaxRules = {
  // An annotation on a line of its own before a top-level function parses as an expression.
  leading: new Set(["line_comment", "block_comment", "annotated_expression"]),
  topLevelPublic: true,
  declarations: {
    class_declaration: (node, scope) => container(node, scope, classKind(node)),
    object_declaration: (node, scope) => container(node, scope, "class"),
    function_declaration: (node, scope) =>
      declared(node, "function", { exported: visibleIn(scope, visibility(node)) }),
    type_alias: (node, scope) =>
      declared(
        node,
        "type",
        { exported: visibleIn(scope, visibility(node)) },
        node.childForFieldName("type"),
      ),
    property_declaration: (node, scope) => {
      if (scope.owner !== null) return [];
      const exported = visibleIn(scope, visibility(node));
      // `val (a, b) = …` holds its variables one level down.
      return node.namedChildren
        .flatMap((child) =>
          child.type === "multi_variable_declaration" ? child.namedChildren : [child],
        )
        .filter((child) => child.type === "variable_declaration")
        .flatMap((variable) =>
          declared(variable, "variable", { exported }, variable.namedChildren[0] ?? null),
        );
    },
  },
  transparent: {
    companion_object: (node) =>
      node.namedChildren.find((child) => child.type === "class_body") ?? null,
  },
  imports: (root) =>
    root.descendantsOfType("import").flatMap((node) => {
      const name = node.namedChildren.find((child) => child.type === "qualified_identifier");
      return name ? [name.text] : [];
    }),
};

function classKind(node: Node): SymbolKind {
  if (hasChild(node, "interface")) return "interface";
  const modifiers = node.namedChildren.find((child) => child.type === "modifiers");
  return modifiers?.text.split(/\s+/).includes("enum") ? "enum" : "class";
}

function visibility(node: Node): boolean | null {
  const modifier = node.namedChildren
    .find((child) => child.type === "modifiers")
    ?.namedChildren.find((child) => child.type === "visibility_modifier");
  if (!modifier) return null;
  return modifier.text === "public";
}
