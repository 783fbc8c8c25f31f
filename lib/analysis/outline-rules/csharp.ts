/**
 * C#: namespaces (block and file-scoped), classes, structs, records, interfaces and enums with
 * their methods, constructors and operators, delegates, `///` comments kept with their
 * declaration (attributes are part of it), and `using` directives. Exported means `public`;
 * an interface's members are.
 */
import type { Node } from "web-tree-sitter";
import { declared, modifierDeclarations, type SyntaxRules, visibleIn } from "../syntax-outline";

const { type, member } = modifierDeclarations(visibility);

export const csharpRules: SyntaxRules = {
  leading: new Set(["comment"]),
  topLevelPublic: false,
  declarations: {
    namespace_declaration: (node) =>
      declared(node, "module", {
        exported: true,
        body: node.childForFieldName("body"),
        container: "namespace",
      }),
    file_scoped_namespace_declaration: (node) => declared(node, "module", { exported: true }),
    class_declaration: type("class"),
    struct_declaration: type("class"),
    record_declaration: type("class"),
    record_struct_declaration: type("class"),
    interface_declaration: type("interface", true),
    enum_declaration: type("enum"),
    delegate_declaration: (node, scope) =>
      declared(node, "type", { exported: visibleIn(scope, visibility(node)) }),
    method_declaration: member,
    constructor_declaration: member,
    destructor_declaration: (node, scope) =>
      member(node, scope).map((found) => ({ ...found, name: `~${found.name}` })),
    operator_declaration: (node, scope) =>
      declared(
        node,
        "function",
        { exported: visibleIn(scope, visibility(node)) },
        node.childForFieldName("operator"),
      ).map((found) => ({ ...found, name: `operator ${found.name}` })),
  },
  imports: (root) =>
    root.descendantsOfType("using_directive").flatMap((node) => {
      // `using Alias = Some.Namespace;` names the alias in its `name` field.
      const alias = node.childForFieldName("name");
      const target = node.namedChildren.find(
        (child) =>
          child.id !== alias?.id &&
          (child.type === "qualified_name" || child.type === "identifier"),
      );
      return target ? [target.text] : [];
    }),
};

/** True for `public`, false for `private`, `protected` or `internal`, null when unstated. */
function visibility(node: Node): boolean | null {
  const modifiers = new Set(
    node.namedChildren.filter((child) => child.type === "modifier").map((child) => child.text),
  );
  if (modifiers.has("public")) return true;
  if (modifiers.has("private") || modifiers.has("protected") || modifiers.has("internal"))
    return false;
  return null;
}
