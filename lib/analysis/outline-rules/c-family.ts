/**
 * C and C++: functions and prototypes, structs, unions, enums and typedefs, function-like
 * macros, `#include`s, and for C++ namespaces, classes with their methods (`private:` sections
 * honoured), out-of-class definitions (`Foo::bar` is `Foo.bar`) and templates. Declarations
 * inside `#ifdef` blocks and `extern "C" {}` count as if they stood outside.
 */
import type { Node } from "web-tree-sitter";
import {
  type Describe,
  declared,
  type Found,
  literalText,
  type SyntaxRules,
  visibleIn,
} from "../syntax-outline";
import type { SymbolKind } from "../types";

const TYPE_KINDS: Readonly<Record<string, SymbolKind>> = {
  struct_specifier: "class",
  union_specifier: "class",
  class_specifier: "class",
  enum_specifier: "enum",
};

/** A struct, union, class or enum with a body; a bare `struct foo;` declares nothing. */
const typeSpecifier: Describe = (node, scope) => {
  const body = node.childForFieldName("body");
  if (!body) return [];
  const isEnum = node.type === "enum_specifier";
  return declared(node, TYPE_KINDS[node.type], {
    exported: visibleIn(scope, null),
    ...(isEnum ? {} : { body, container: "type", membersPublic: node.type !== "class_specifier" }),
  });
};

/** `typedef struct { … } Name;`: a class or enum named by the typedef, a type otherwise. */
const typeDefinition: Describe = (node, scope) => {
  const inner = node.childForFieldName("type");
  const withBody = inner?.childForFieldName("body") ? inner : null;
  const kind = (withBody && TYPE_KINDS[withBody.type]) || "type";
  return node
    .childrenForFieldName("declarator")
    .filter((declarator) => declarator.type === "type_identifier")
    .flatMap((name) => declared(node, kind, { exported: visibleIn(scope, null) }, name));
};

/** A function definition, or a prototype among declarations (`int f(void);`). */
const functionLike: Describe = (node, scope) => {
  const declarator = functionDeclarator(node);
  if (!declarator) return [];
  const target = declarator.childForFieldName("declarator");
  if (!target) return [];
  const { name, owner } = splitQualified(target);
  if (!name) return [];
  const explicit = isStatic(node) && scope.owner === null ? false : null;
  const found: Found = {
    name,
    kind: "function",
    line: target.startPosition.row + 1,
    // `Foo::bar` outside its class: the class says who may call it, and it is not in this file.
    exported: owner ? true : visibleIn(scope, explicit),
  };
  return [owner ? { ...found, owner } : found];
};

/** A declaration: a prototype, a nested type (`struct S { … } s;`), or top-level variables. */
const declaration: Describe = (node, scope) => {
  const type = node.childForFieldName("type");
  if (type && TYPE_KINDS[type.type] && type.childForFieldName("body"))
    return typeSpecifier(type, scope);
  const asFunction = functionLike(node, scope);
  if (asFunction.length > 0 || scope.owner !== null) return asFunction;
  const exported = visibleIn(scope, isStatic(node) ? false : null);
  return node
    .childrenForFieldName("declarator")
    .map(innermostName)
    .filter((name): name is Node => name !== null)
    .flatMap((name) => declared(node, "variable", { exported }, name));
};

const readThrough = (node: Node) => node;

const cCommon = {
  leading: new Set(["comment"]),
  topLevelPublic: true,
  imports: (root: Node) =>
    root.descendantsOfType("preproc_include").flatMap((node) => {
      const path = node.childForFieldName("path");
      return path ? [literalText(path)] : [];
    }),
};

const C_DECLARATIONS: Readonly<Record<string, Describe>> = {
  function_definition: functionLike,
  declaration,
  struct_specifier: typeSpecifier,
  union_specifier: typeSpecifier,
  enum_specifier: typeSpecifier,
  type_definition: typeDefinition,
  preproc_function_def: (node, scope) =>
    declared(node, "function", { exported: visibleIn(scope, null) }),
};

const C_TRANSPARENT: Readonly<Record<string, (node: Node) => Node | null>> = {
  preproc_ifdef: readThrough,
  preproc_if: readThrough,
  preproc_else: readThrough,
  preproc_elif: readThrough,
  preproc_elifdef: readThrough,
  linkage_specification: (node) => node.childForFieldName("body"),
};

export const cRules: SyntaxRules = {
  ...cCommon,
  declarations: C_DECLARATIONS,
  transparent: C_TRANSPARENT,
};

export const cppRules: SyntaxRules = {
  ...cCommon,
  declarations: {
    ...C_DECLARATIONS,
    class_specifier: typeSpecifier,
    field_declaration: declaration,
    namespace_definition: (node) =>
      declared(node, "module", {
        exported: true,
        body: node.childForFieldName("body"),
        container: "namespace",
      }),
    alias_declaration: (node, scope) =>
      scope.owner === null ? declared(node, "type", { exported: visibleIn(scope, null) }) : [],
  },
  transparent: {
    ...C_TRANSPARENT,
    // An anonymous namespace only limits visibility; its contents read as the file's.
    namespace_definition: (node) =>
      node.childForFieldName("name") ? null : node.childForFieldName("body"),
  },
  wrappers: {
    template_declaration: (node) =>
      node.namedChildren.find((child) => TEMPLATED.has(child.type)) ?? null,
  },
  section: (node) =>
    node.type === "access_specifier" ? node.text.trim().startsWith("public") : undefined,
};

const TEMPLATED = new Set([
  "function_definition",
  "declaration",
  "class_specifier",
  "struct_specifier",
  "union_specifier",
  "alias_declaration",
  "template_declaration",
  "field_declaration",
]);

const DECLARATOR_WRAPPERS = new Set([
  "pointer_declarator",
  "reference_declarator",
  "init_declarator",
  "attributed_declarator",
  "parenthesized_declarator",
]);

/** The `f(…)` part of `static int *f(void)`, through pointers and references. */
function functionDeclarator(node: Node): Node | null {
  for (const start of node.childrenForFieldName("declarator")) {
    let current: Node | null = start;
    while (current && DECLARATOR_WRAPPERS.has(current.type))
      current = current.childForFieldName("declarator") ?? current.namedChildren.at(-1) ?? null;
    if (current?.type === "function_declarator") return current;
  }
  return null;
}

/** The declared identifier of a variable declarator (`*buf[4] = {0}` names `buf`). */
function innermostName(declarator: Node): Node | null {
  let current: Node | null = declarator;
  while (current && current.type !== "identifier") {
    const next = current.childForFieldName("declarator");
    if (!next) return null;
    current = next;
  }
  return current;
}

/** `Foo::bar` is `bar` owned by `Foo`; `a::Foo<T>::bar` too; a plain name has no owner. */
function splitQualified(target: Node): { name: string | null; owner: string | null } {
  let owner: string | null = null;
  let current = target;
  while (current.type === "qualified_identifier") {
    const scope = current.childForFieldName("scope");
    if (scope) owner = scope.childForFieldName("name")?.text ?? scope.text;
    const next = current.childForFieldName("name");
    if (!next) return { name: null, owner };
    current = next;
  }
  if (current.type === "template_function")
    return { name: current.childForFieldName("name")?.text ?? null, owner };
  return { name: current.text, owner };
}

function isStatic(node: Node): boolean {
  return node.namedChildren.some(
    (child) => child.type === "storage_class_specifier" && child.text === "static",
  );
}
