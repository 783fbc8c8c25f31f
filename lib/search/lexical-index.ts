/**
 * BM25 ranking over chunks (MiniSearch's BM25+) with the code-aware tokenizer. A chunk's
 * symbol and path count more than its body: a query naming `getUserById` or `worker.ts`
 * should surface that declaration or file before passages that merely mention it.
 */
import MiniSearch, { type AsPlainObject, type Options, type SearchOptions } from "minisearch";
import { tokenizeCode } from "./tokenize";

export interface SearchDoc {
  id: string;
  path: string;
  symbol?: string;
  text: string;
  /** How the rest of the code talks about this chunk (callers' lines); weighs less than its own text. */
  context?: string;
  /** A whole file's doc comments (file documents only: `file-evidence.ts`). */
  doc?: string;
  /** Every name a file declares (file documents only). */
  symbols?: string;
}

export interface RankedId {
  id: string;
  score: number;
}

/** Bumped whenever tokenizing or fields change: a stored index of another format is rebuilt. */
export const LEXICAL_INDEX_FORMAT = "cartograph-lexical/4";

/** File documents' fields (`doc`, `symbols`) weigh as a chunk's text: they summarise, not name. */
const FIELD_BOOSTS = { symbol: 3, path: 2, text: 1, context: 0.5, doc: 1, symbols: 1 } as const;

const SEARCH_OPTIONS: SearchOptions = {
  boost: FIELD_BOOSTS,
  combineWith: "OR",
  // Short terms would match half the vocabulary by prefix or typo; long ones are distinctive.
  prefix: (term) => term.length >= 5,
  fuzzy: (term) => (term.length >= 8 ? 1 : false),
};

const OPTIONS: Options<SearchDoc> = {
  idField: "id",
  fields: ["text", "symbol", "path", "context", "doc", "symbols"],
  storeFields: [],
  tokenize: tokenizeCode,
  // tokenizeCode already lowercases, stems and drops stop words.
  processTerm: (term) => term,
  searchOptions: SEARCH_OPTIONS,
};

interface SerializedLexicalIndex {
  format: typeof LEXICAL_INDEX_FORMAT;
  index: AsPlainObject;
}

/** Query words whose rarity is remembered per index; a bound, not a tuning knob. */
const MAX_REMEMBERED_TERMS = 5_000;

export class LexicalIndex {
  /** How many documents' text holds a word, for the words queries have used. */
  private readonly textFrequency = new Map<string, number>();

  private constructor(private readonly engine: MiniSearch<SearchDoc>) {}

  static build(docs: readonly SearchDoc[]): LexicalIndex {
    const index = new LexicalIndex(new MiniSearch<SearchDoc>(OPTIONS));
    index.add(docs);
    return index;
  }

  /**
   * The same index built in slices, yielding to the event loop between them, so a server
   * building the index of a large repository keeps answering requests meanwhile.
   */
  static async buildInSlices(docs: readonly SearchDoc[], sliceSize = 500): Promise<LexicalIndex> {
    const index = new LexicalIndex(new MiniSearch<SearchDoc>(OPTIONS));
    for (let start = 0; start < docs.length; start += sliceSize) {
      index.add(docs.slice(start, start + sliceSize));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return index;
  }

  /** Restores an index written by `toJSON`; throws if it was written in another format. */
  static fromJSON(json: unknown): LexicalIndex {
    const serialized = typeof json === "string" ? (JSON.parse(json) as unknown) : json;
    if (!isSerializedIndex(serialized)) {
      throw new Error(`Not a lexical index in format ${LEXICAL_INDEX_FORMAT}`);
    }
    return new LexicalIndex(MiniSearch.loadJS<SearchDoc>(serialized.index, OPTIONS));
  }

  get size(): number {
    return this.engine.documentCount;
  }

  has(id: string): boolean {
    return this.engine.has(id);
  }

  /** Adds chunks; an id already present is replaced, so re-indexing a changed file is one call. */
  add(docs: readonly SearchDoc[]): void {
    this.textFrequency.clear();
    for (const doc of docs) {
      if (this.engine.has(doc.id)) this.engine.discard(doc.id);
    }
    this.engine.addAll(docs);
  }

  remove(ids: Iterable<string>): void {
    this.textFrequency.clear();
    for (const id of ids) {
      if (this.engine.has(id)) this.engine.discard(id);
    }
  }

  /** The best `k` chunks for a free-text or identifier query, best first. */
  search(query: string, k: number): RankedId[] {
    if (k <= 0 || query.trim() === "") return [];
    const weights = this.termWeights(query);
    return this.engine
      .search(query, { boostTerm: (term) => weights.get(term) ?? 1 })
      .slice(0, k)
      .map((result) => ({ id: String(result.id), score: result.score }));
  }

  /**
   * Each query word weighed by its rarity in the code's text (0..1, IDF over all documents).
   * BM25 judges a word's rarity per field, so a word common in code ("request") that is rare
   * in paths would otherwise count as much in `request_id.go`'s path as a telling word does.
   */
  private termWeights(query: string): Map<string, number> {
    const total = this.engine.documentCount;
    const weights = new Map<string, number>();
    if (total < 2) return weights;
    for (const term of new Set(tokenizeCode(query))) {
      let frequency = this.textFrequency.get(term);
      if (frequency === undefined) {
        frequency = this.engine.search(term, {
          fields: ["text"],
          prefix: false,
          fuzzy: false,
        }).length;
        if (this.textFrequency.size >= MAX_REMEMBERED_TERMS) this.textFrequency.clear();
        this.textFrequency.set(term, frequency);
      }
      weights.set(term, Math.log(1 + total / Math.max(frequency, 1)) / Math.log(1 + total));
    }
    return weights;
  }

  toJSON(): SerializedLexicalIndex {
    return { format: LEXICAL_INDEX_FORMAT, index: this.engine.toJSON() };
  }
}

function isSerializedIndex(value: unknown): value is SerializedLexicalIndex {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { format?: unknown; index?: unknown };
  return (
    candidate.format === LEXICAL_INDEX_FORMAT &&
    typeof candidate.index === "object" &&
    candidate.index !== null &&
    "documentCount" in candidate.index &&
    "index" in candidate.index
  );
}
