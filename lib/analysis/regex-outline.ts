/**
 * Cheap symbol and import extraction for languages without a grammar here. Line-anchored
 * patterns only: it misses things (and that is fine), but it should rarely invent them.
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
const capitalised = (name: number) => (match: RegExpExecArray) => /^[A-Z]/.test(match[name]);
const notPrivate = (match: RegExpExecArray) => !/\bprivate\b/.test(match[0]);
const typeKind =
  (group: number) =>
  (match: RegExpExecArray): SymbolKind => {
    const keyword = match[group];
    if (keyword === "interface" || keyword === "trait" || keyword === "protocol")
      return "interface";
    if (keyword === "enum") return "enum";
    if (keyword === "type" || keyword === "typealias") return "type";
    if (keyword === "mod" || keyword === "module" || keyword === "namespace") return "module";
    return "class";
  };

const JVM_CLASS =
  /^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|protected|internal|abstract|final|sealed|static|open|data|partial|inline|value|annotation|case|readonly|export)\s+)*(class|interface|enum|record|struct|object|trait|protocol|extension)\s+([A-Za-z_]\w*)/;
const JVM_IMPORT = /^\s*import\s+(?:static\s+)?([\w.]+)/;

const RULES: Readonly<Record<string, LanguageRules>> = {
  go: {
    symbols: [
      {
        pattern: /^func\s+(?:\([^)]*\)\s*)?([A-Za-z_]\w*)/,
        name: 1,
        // A receiver in parentheses before the name makes it a method.
        kind: (m) => (/^func\s+\(/.test(m[0]) ? "method" : "function"),
        exported: capitalised(1),
      },
      {
        pattern: /^type\s+([A-Za-z_]\w*)\s+(struct|interface)?/,
        name: 1,
        kind: (m) => (m[2] === "interface" ? "interface" : m[2] === "struct" ? "class" : "type"),
        exported: capitalised(1),
      },
    ],
    imports: [/^import\s+(?:[\w.]+\s+)?"([^"]+)"/, /^\s+(?:[\w.]+\s+)?"([^"]+)"\s*$/],
  },
  rust: {
    symbols: [
      {
        pattern:
          /^\s*(pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+([A-Za-z_]\w*)/,
        name: 2,
        kind: "function",
        exported: (m) => m[1] !== undefined,
      },
      {
        pattern: /^\s*(pub(?:\([^)]*\))?\s+)?(struct|enum|trait|type|mod|union)\s+([A-Za-z_]\w*)/,
        name: 3,
        kind: typeKind(2),
        exported: (m) => m[1] !== undefined,
      },
    ],
    imports: [/^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+(\w+(?:::\w+)*)/, /^\s*extern\s+crate\s+(\w+)/],
  },
  java: {
    symbols: [
      { pattern: JVM_CLASS, name: 2, kind: typeKind(1), exported: (m) => /\bpublic\b/.test(m[0]) },
    ],
    imports: [JVM_IMPORT],
  },
  kotlin: {
    symbols: [
      { pattern: JVM_CLASS, name: 2, kind: typeKind(1), exported: notPrivate },
      {
        pattern:
          /^\s*(?:(?:public|private|protected|internal|override|suspend|inline|operator|infix|tailrec)\s+)*fun\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?([A-Za-z_]\w*)\s*\(/,
        name: 1,
        kind: "function",
        exported: notPrivate,
      },
    ],
    imports: [JVM_IMPORT],
  },
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
  csharp: {
    symbols: [
      { pattern: JVM_CLASS, name: 2, kind: typeKind(1), exported: (m) => /\bpublic\b/.test(m[0]) },
    ],
    imports: [/^\s*using\s+(?:static\s+)?([\w.]+)\s*;/],
  },
  ruby: {
    symbols: [
      { pattern: /^\s*def\s+(?:self\.)?([\w?!=]+)/, name: 1, kind: "function", exported: always },
      { pattern: /^\s*(class|module)\s+([\w:]+)/, name: 2, kind: typeKind(1), exported: always },
    ],
    imports: [/^\s*require(?:_relative)?\s*\(?\s*['"]([^'"]+)['"]/],
  },
  php: {
    symbols: [
      {
        pattern:
          /^\s*(?:(?:public|private|protected|static|abstract|final)\s+)*function\s+&?([A-Za-z_]\w*)/,
        name: 1,
        kind: "function",
        exported: notPrivate,
      },
      {
        pattern:
          /^\s*(?:(?:abstract|final|readonly)\s+)*(class|interface|trait|enum)\s+([A-Za-z_]\w*)/,
        name: 2,
        kind: typeKind(1),
        exported: always,
      },
    ],
    imports: [/^\s*use\s+([\w\\]+)/, /^\s*(?:require|include)(?:_once)?\s*\(?\s*['"]([^'"]+)['"]/],
  },
  c: { symbols: [], imports: [/^\s*#\s*include\s*[<"]([^>"]+)[>"]/] },
  cpp: {
    symbols: [
      {
        pattern:
          /^\s*(?:template\s*<[^>]*>\s*)?(class|struct|namespace|enum(?:\s+class)?)\s+([A-Za-z_]\w*)\s*(?:[:{]|$)/,
        name: 2,
        kind: (m) => (m[1] === "namespace" ? "module" : m[1].startsWith("enum") ? "enum" : "class"),
        exported: always,
      },
    ],
    imports: [/^\s*#\s*include\s*[<"]([^>"]+)[>"]/],
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
  let inGoImportBlock = false;
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
    // Go's indented import lines only count inside an `import ( … )` block.
    if (language === "go") {
      if (/^import\s*\($/.test(line.trim())) inGoImportBlock = true;
      else if (inGoImportBlock && line.trim() === ")") inGoImportBlock = false;
    }
    rules.imports.forEach((pattern, which) => {
      if (language === "go" && which === 1 && !inGoImportBlock) return;
      const match = pattern.exec(line);
      if (match?.[1]) imports.add(match[1]);
    });
  });
  return { symbols, imports: [...imports] };
}
