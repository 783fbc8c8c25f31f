/**
 * Rust: items (functions, structs, enums, unions, traits, type aliases, consts, statics, macros,
 * modules), `impl` blocks grouping their methods under the type (`impl Foo { fn bar }` gives
 * `Foo.bar`), attributes and doc comments kept with their item, and `use` paths.
 */
import type { Node } from "web-tree-sitter";
import { type Describe, declared, hasChild, type Scope, type SyntaxRules } from "../syntax-outline";
import type { SymbolKind } from "../types";

const item =
  (kind: SymbolKind, members?: { container: "type" | "namespace"; membersPublic?: boolean }) =>
  (node: Node, scope: Scope) =>
    declared(node, kind, {
      exported: isPub(node, scope),
      ...(members ? { body: node.childForFieldName("body"), ...members } : {}),
    });

const topLevelItem =
  (kind: SymbolKind): Describe =>
  (node, scope) =>
    scope.owner === null ? item(kind)(node, scope) : [];

export const rustRules: SyntaxRules = {
  leading: new Set(["line_comment", "block_comment", "attribute_item"]),
  topLevelPublic: false,
  declarations: {
    function_item: item("function"),
    function_signature_item: item("function"),
    struct_item: item("class"),
    union_item: item("class"),
    enum_item: item("enum"),
    type_item: item("type"),
    const_item: topLevelItem("variable"),
    static_item: topLevelItem("variable"),
    macro_definition: item("function"),
    // A trait's and a trait impl's methods are as visible as the trait.
    trait_item: item("interface", { container: "type", membersPublic: true }),
    mod_item: item("module", { container: "namespace" }),
    impl_item: (node) => {
      const type = node.childForFieldName("type");
      const trait = node.childForFieldName("trait");
      let name = type ? baseTypeName(type) : null;
      // A blanket `impl<E> Trait for E` is best known by its trait.
      if (name && trait && isTypeParameter(node, name)) name = baseTypeName(trait);
      if (!name) return [];
      return [
        {
          name,
          kind: "class",
          line: type!.startPosition.row + 1,
          exported: true,
          body: node.childForFieldName("body"),
          container: "type",
          membersPublic: trait !== null,
          symbol: false,
        },
      ];
    },
  },
  imports: (root) =>
    root.descendantsOfType(["use_declaration", "extern_crate_declaration"]).flatMap((node) => {
      if (node.type === "extern_crate_declaration") {
        const name = node.childForFieldName("name");
        return name ? [name.text] : [];
      }
      const argument = node.childForFieldName("argument");
      const path = argument ? importedPath(argument) : null;
      return path ? [path] : [];
    }),
};

function isPub(node: Node, scope: Scope): boolean {
  const explicit = hasChild(node, "visibility_modifier") ? true : null;
  return explicit ?? (scope.owner !== null && scope.defaultPublic && scope.ownerExported);
}

function isTypeParameter(impl: Node, name: string): boolean {
  const parameters = impl.childForFieldName("type_parameters");
  return (
    parameters?.namedChildren.some(
      (parameter) => (parameter.childForFieldName("name") ?? parameter).text === name,
    ) ?? false
  );
}

/** `Foo`, `Foo<T>`, `crate::Foo`, `&'a Foo` all name `Foo`. */
function baseTypeName(type: Node): string | null {
  switch (type.type) {
    case "type_identifier":
    case "primitive_type":
      return type.text;
    case "generic_type":
    case "reference_type":
    case "pointer_type": {
      const inner = type.childForFieldName("type");
      return inner ? baseTypeName(inner) : null;
    }
    case "scoped_type_identifier":
      return type.childForFieldName("name")?.text ?? null;
    default:
      return type.descendantsOfType("type_identifier")[0]?.text ?? null;
  }
}

/** The module a `use` reaches into: `a::b::C`, `a::b` for `a::b::{C, D}` or `a::b::*`. */
function importedPath(argument: Node): string | null {
  switch (argument.type) {
    case "scoped_use_list":
    case "use_wildcard":
      return argument.childForFieldName("path")?.text ?? argument.namedChildren[0]?.text ?? null;
    case "use_as_clause":
      return argument.childForFieldName("path")?.text ?? null;
    case "use_list":
      return null;
    default:
      return argument.text;
  }
}
