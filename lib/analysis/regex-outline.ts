/**
 * Cheap symbol and import extraction for languages without a grammar here (Scala, Swift, shell).
 * Line-anchored patterns only: it misses things (and that is fine), but it should rarely invent
 * them.
 */
import type { FileSymbol, SymbolKind } from "./types";

interface SymbolPattern {
  pattern: RegExp;
  /** Capture group holding the name. */
  name: number;
  kind: SymbolKind | ((match: RegExpExecArray) => SymbolKind);
  exported: (match: RegExpExecArray) => boolean;
}

interface LanguageRules {
  symbols: SymbolPattern[];
  /** Each match's group 1 is a module specifier. */
  imports: RegExp[];
}

const always = () => true;
const notPrivate = (match: RegExpExecArray) => !/\bprivate\b/.test(match[0]);
const typeKind =
  (group: number) =>
  (match: RegExpExecArray): SymbolKind => {
    const keyword = match[group];
    if (keyword === "interface" || keyword === "trait" || keyword === "protocol")
      return "interface";
    return keyword === "enum" ? "enum" : "class";
  };

const JVM_CLASS =
  /^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|protected|internal|abstract|final|sealed|static|open|data|partial|inline|value|annotation|case|readonly|export)\s+)*(class|interface|enum|record|struct|object|trait|protocol|extension)\s+([A-Za-z_]\w*)/;
const JVM_IMPORT = /^\s*import\s+(?:static\s+)?([\w.]+)/;

const RULES: Readonly<Record<string, LanguageRules>> = {
  scala: {
    symbols: [
      { pattern: JVM_CLASS, name: 2, kind: typeKind(1), exported: notPrivate },
      {
        pattern: /^\s*(?:(?:private|protected|override|final|implicit)\s+)*def\s+([A-Za-z_]\w*)/,
        name: 1,
        kind: "function",
        exported: notPrivate,
      },
    ],
    imports: [JVM_IMPORT],
  },
  swift: {
    symbols: [
      { pattern: JVM_CLASS, name: 2, kind: typeKind(1), exported: notPrivate },
      {
        pattern:
          /^\s*(?:@\w+\s+)*(?:(?:public|private|fileprivate|internal|open|static|class|override|mutating)\s+)*func\s+([A-Za-z_]\w*)/,
        name: 1,
        kind: "function",
        exported: notPrivate,
      },
    ],
    imports: [/^\s*import\s+(\w+)/],
  },
  shell: {
    symbols: [
      {
        pattern: /^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*\(\)\s*\{?/,
        name: 1,
        kind: "function",
        exported: always,
      },
    ],
    imports: [/^\s*(?:source|\.)\s+["']?([^\s"';]+)/],
  },
};

export function outlineByPatterns(
  language: string,
  lines: readonly string[],
): { symbols: FileSymbol[]; imports: string[] } {
  const rules = RULES[language];
  if (!rules) return { symbols: [], imports: [] };
  const symbols: FileSymbol[] = [];
  const imports = new Set<string>();
  lines.forEach((line, index) => {
    if (line.length > 500) return;
    for (const rule of rules.symbols) {
      const match = rule.pattern.exec(line);
      if (!match) continue;
      const kind = typeof rule.kind === "function" ? rule.kind(match) : rule.kind;
      symbols.push({
        name: match[rule.name],
        kind,
        line: index + 1,
        exported: rule.exported(match),
      });
      break;
    }
    for (const pattern of rules.imports) {
      const match = pattern.exec(line);
      if (match?.[1]) imports.add(match[1]);
    }
  });
  return { symbols, imports: [...imports] };
}
