import {
  type Describe,
  declared,
  literalText,
  type SyntaxRules,
  visibleIn,
} from "../syntax-outline";
import type { SymbolKind } from "../types";

const REQUIRES = new Set(["require", "require_relative", "load", "autoload"]);

const namespaceLike =
  (kind: SymbolKind): Describe =>
  (node, scope) => {
    const name = node.childForFieldName("name");
    if (!name) return [];
    return [
      {
        name: name.text.replace(/^::/, "").replaceAll("::", "."),
        kind,
        line: name.startPosition.row + 1,
        exported: visibleIn(scope, null),
        body: node.childForFieldName("body"),
        container: "type",
        membersPublic: true,
      },
    ];
  };

const method: Describe = (node, scope) =>
  declared(node, "function", { exported: visibleIn(scope, null) });

export const rubyRules: SyntaxRules = {
  leading: new Set(["comment"]),
  topLevelPublic: true,
  declarations: {
    module: namespaceLike("module"),
    class: namespaceLike("class"),
    method,
    singleton_method: method,
  },
  transparent: {
    singleton_class: (node) => node.childForFieldName("body"),
  },
  section: (node) => {
    if (node.type !== "identifier") return undefined;
    if (node.text === "public") return true;
    return node.text === "private" || node.text === "protected" ? false : undefined;
  },
  imports: (root) =>
    root.descendantsOfType("call").flatMap((call) => {
      const method = call.childForFieldName("method")?.text;
      if (call.childForFieldName("receiver") || !method || !REQUIRES.has(method)) return [];
      const argument = call.childForFieldName("arguments")?.namedChildren.at(-1);
      return argument?.type === "string" && argument.namedChildren.length <= 1
        ? [literalText(argument)]
        : [];
    }),
};
