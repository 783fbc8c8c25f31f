/**
 * Java: classes, interfaces, enums, records and annotation types with their methods and
 * constructors (nested types keep their outer name, `AsyncTimeout.Watchdog.run`), Javadoc kept
 * with its declaration, and imports. Exported means `public` (an interface's members are).
 */
import type { Node } from "web-tree-sitter";
import { modifierDeclarations, type SyntaxRules } from "../syntax-outline";

const { type, member } = modifierDeclarations(visibility);

export const javaRules: SyntaxRules = {
  leading: new Set(["line_comment", "block_comment"]),
  topLevelPublic: false,
  declarations: {
    class_declaration: type("class"),
    record_declaration: type("class"),
    enum_declaration: type("enum"),
    interface_declaration: type("interface", true),
    annotation_type_declaration: type("interface", true),
    method_declaration: member,
    constructor_declaration: member,
    compact_constructor_declaration: member,
    annotation_type_element_declaration: member,
  },
  // An enum's methods follow its constants inside one more node.
  transparent: { enum_body_declarations: (node) => node },
  imports: (root) =>
    root.descendantsOfType("import_declaration").flatMap((node) => {
      const name = node.namedChildren.find(
        (child) => child.type === "scoped_identifier" || child.type === "identifier",
      );
      return name ? [name.text] : [];
    }),
};

/** True for `public`, false for `private` or `protected`, null when the modifiers say neither. */
function visibility(node: Node): boolean | null {
  const modifiers = node.namedChildren.find((child) => child.type === "modifiers");
  const words = new Set(modifiers?.children.map((child) => child.type));
  if (words.has("public")) return true;
  if (words.has("private") || words.has("protected")) return false;
  return null;
}
