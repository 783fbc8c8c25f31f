/** What the index stores about one source file: its retrieval chunks, symbols and imports. */

export type SymbolKind =
  | "function"
  | "class"
  | "method"
  | "interface"
  | "type"
  | "enum"
  | "variable"
  | "module";

export interface Chunk {
  path: string;
  /** 1-based, inclusive. */
  startLine: number;
  /** 1-based, inclusive. */
  endLine: number;
  /** The declaration the chunk belongs to (`Foo.bar` for a method); merged chunks list several. */
  symbol?: string;
  language: string;
  /** Exactly lines startLine..endLine of the file, joined with "\n". */
  text: string;
}

export interface FileSymbol {
  /** Top-level name, or `Class.member` for a method. */
  name: string;
  kind: SymbolKind;
  /** 1-based line of the declaration (after its leading comments and decorators). */
  line: number;
  exported: boolean;
}

export interface FileAnalysis {
  chunks: Chunk[];
  symbols: FileSymbol[];
  /** Module specifiers as written (`./a`, `react`, `os.path`, `..pkg`), in order of appearance. */
  imports: string[];
}

export interface AnalyzeFileInput {
  path: string;
  language: string;
  content: string;
}
