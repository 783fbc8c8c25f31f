/**
 * BM25+ ranking over a snapshot's documents with the code-aware tokenizer, read from the
 * compact file `index-builder.ts` writes. A chunk's symbol and path count more than its body:
 * a query naming `getUserById` or `worker.ts` should surface that declaration or file before
 * passages that merely mention it. Query words of five letters or more also match as a
 * prefix, of eight or more with one typo; a word counts by its rarity in the code's text.
 */
import { readFileSync } from "node:fs";
import { IndexBuilder, type IndexDoc, type IndexSource } from "./index-builder";
import { FIELDS, type IndexHeader, type ReadIndex, readIndex, StringTable } from "./index-format";
import { tokenizeCode } from "./tokenize";
import { TopK } from "./top-k";

export type SearchDoc = IndexDoc;
export { LEXICAL_INDEX_FORMAT } from "./index-format";

export interface RankedId {
  id: string;
  score: number;
}

export interface SearchHit extends RankedId {
  path: string;
}

/**
 * File documents' fields (`doc`, `symbols`) weigh as a chunk's text: they summarise, not name.
 * A chunk's symbol weighs as its path: a question phrased as behaviour shares a common word
 * (`request`, `token`, `service`) with many declarations' names, and at 3 those names outranked
 * the passage that does what was asked (measured: 2 is better on the sum of the evals).
 */
const FIELD_BOOSTS: Record<(typeof FIELDS)[number], number> = {
  text: 1,
  symbol: 2,
  path: 2,
  context: 0.5,
  doc: 1,
  symbols: 1,
};
const BOOSTS = FIELDS.map((field) => FIELD_BOOSTS[field]);
const FIELD_COUNT = FIELDS.length;
const TEXT_FIELD = FIELDS.indexOf("text");

/**
 * BM25+. k (term-frequency saturation) is a little above MiniSearch's 1.2, which this index
 * first reproduced: a word a passage repeats is what the passage is about (1.3–2 measured
 * alike on the evals, better than 1.2 and 0.9).
 */
const BM25 = { k: 1.5, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
/** Short terms would match half the vocabulary by prefix or typo; long ones are distinctive. */
const PREFIX_MIN = 5;
const FUZZY_MIN = 8;

export class LexicalIndex implements IndexSource {
  private readonly ids: StringTable;
  private readonly paths: StringTable;
  private readonly terms: StringTable;
  private readonly header: IndexHeader;
  private idMap: Map<string, number> | null = null;
  private filePassages: Map<string, { first: number; count: number }> | null = null;
  // Scratch for one search at a time (an index is searched by one thread).
  private readonly scores: Float64Array;
  private readonly matchedTerms: Uint16Array;
  private readonly lastTerm: Int32Array;
  private readonly touched: Uint32Array;

  private constructor(
    private readonly data: ReadIndex,
    private readonly bytes: Uint8Array,
  ) {
    this.header = data.header;
    this.ids = new StringTable(data.idOffsets, data.idBytes);
    this.paths = new StringTable(data.pathOffsets, data.pathBytes);
    this.terms = new StringTable(data.termOffsets, data.termBytes);
    const docs = data.header.docs;
    this.scores = new Float64Array(docs);
    this.matchedTerms = new Uint16Array(docs);
    this.lastTerm = new Int32Array(docs).fill(-1);
    this.touched = new Uint32Array(docs);
  }

  static build(docs: Iterable<SearchDoc>, meta: Record<string, unknown> = {}): LexicalIndex {
    const builder = new IndexBuilder();
    for (const doc of docs) builder.add(doc);
    return LexicalIndex.fromBuffer(builder.finish(meta));
  }

  /**
   * A new index from `base`: its documents that `keep` maps to an id (null drops them),
   * carried over without tokenizing, then `docs`.
   */
  static derive(
    base: LexicalIndex,
    change: { keep: (id: string, path: string) => string | null; docs: Iterable<SearchDoc> },
    meta: Record<string, unknown> = {},
  ): LexicalIndex {
    const builder = new IndexBuilder();
    builder.carryOver(base, change.keep);
    for (const doc of change.docs) builder.add(doc);
    return LexicalIndex.fromBuffer(builder.finish(meta));
  }

  /** An index from the bytes `toBuffer` (or the builder) produced; throws on another format. */
  static fromBuffer(bytes: Uint8Array): LexicalIndex {
    return new LexicalIndex(readIndex(bytes), bytes);
  }

  static readFile(file: string): LexicalIndex {
    return LexicalIndex.fromBuffer(readFileSync(file));
  }

  toBuffer(): Uint8Array {
    return this.bytes;
  }

  get meta(): Record<string, unknown> {
    return this.header.meta;
  }

  get size(): number {
    return this.header.docs;
  }

  get termCount(): number {
    return this.terms.length;
  }

  /** Bytes held: the file, plus the scratch arrays a search uses. */
  get byteSize(): number {
    return this.bytes.byteLength + this.size * 18;
  }

  has(id: string): boolean {
    return this.idIndex().has(id);
  }

  idOf(doc: number): string {
    return this.ids.get(doc);
  }

  pathOf(doc: number): string {
    return this.paths.get(this.data.docPath[doc]);
  }

  lineOf(doc: number): number {
    return this.data.docLine[doc];
  }

  termOf(term: number): string {
    return this.terms.get(term);
  }

  fieldLengthCode(doc: number, field: number): number {
    return this.data.fieldLengths[doc * FIELD_COUNT + field];
  }

  forEachPosting(term: number, field: number, visit: (doc: number, frequency: number) => void) {
    const postings = this.data.postings;
    const bucket = term * FIELD_COUNT + field;
    let at = this.data.postingOffsets[bucket];
    if (at === this.data.postingOffsets[bucket + 1]) return;
    let value = 0;
    let shift = 0;
    // Inline LEB128 decoding: count, then (doc gap, frequency) pairs.
    let count = -1;
    let doc = 0;
    let expectFrequency = false;
    while (count !== 0) {
      const byte = postings[at++];
      value |= (byte & 0x7f) << shift;
      if (byte & 0x80) {
        shift += 7;
        continue;
      }
      const decoded = value >>> 0;
      value = 0;
      shift = 0;
      if (count < 0) count = decoded;
      else if (!expectFrequency) {
        doc += decoded;
        expectFrequency = true;
      } else {
        visit(doc, decoded);
        expectFrequency = false;
        count--;
      }
    }
  }

  /** How many documents hold `term` in `field` (0 when the term is unknown). */
  documentFrequency(term: string, field = TEXT_FIELD): number {
    const index = this.termIndex(term);
    if (index < 0) return 0;
    const bucket = index * FIELD_COUNT + field;
    const at = this.data.postingOffsets[bucket];
    return at === this.data.postingOffsets[bucket + 1] ? 0 : readVarint(this.data.postings, at);
  }

  /** The document of a file's first passage (by line), as an id. */
  firstChunkOf(path: string): string | undefined {
    const doc = this.passages().get(path)?.first;
    return doc === undefined ? undefined : this.idOf(doc);
  }

  /** How many passages of a file the index holds (1 when it knows none). */
  chunkCountOf(path: string): number {
    return this.passages().get(path)?.count ?? 1;
  }

  /** Each file's passages (documents with a line): the first by line, and how many. */
  private passages(): Map<string, { first: number; count: number }> {
    if (!this.filePassages) {
      const byPath = new Map<string, { first: number; count: number }>();
      for (let doc = 0; doc < this.size; doc++) {
        if (this.lineOf(doc) === 0) continue; // not a passage (a whole-file document)
        const docPath = this.pathOf(doc);
        const entry = byPath.get(docPath);
        if (!entry) byPath.set(docPath, { first: doc, count: 1 });
        else {
          entry.count++;
          if (this.lineOf(doc) < this.lineOf(entry.first)) entry.first = doc;
        }
      }
      this.filePassages = byPath;
    }
    return this.filePassages;
  }

  /** The best `k` documents for a free-text or identifier query, best first. */
  search(query: string, k: number): SearchHit[] {
    if (k <= 0 || query.trim() === "" || this.size === 0) return [];
    const occurrences = new Map<string, number>();
    for (const term of tokenizeCode(query)) occurrences.set(term, (occurrences.get(term) ?? 0) + 1);
    let touchedCount = 0;
    const visit = (doc: number) => {
      if (this.lastTerm[doc] === -1) this.touched[touchedCount++] = doc;
    };
    let sourceIndex = 0;
    for (const [term, times] of occurrences) {
      const boost = times * this.rarity(term);
      const exact = this.termIndex(term);
      if (exact >= 0) this.accumulate(exact, boost, sourceIndex, visit);
      const prefixed = new Set<number>();
      if (term.length >= PREFIX_MIN) {
        for (
          let at = exact >= 0 ? exact + 1 : this.terms.lowerBound(term);
          at < this.termCount;
          at++
        ) {
          const candidate = this.terms.get(at);
          if (!candidate.startsWith(term)) break;
          prefixed.add(at);
          const weight =
            (PREFIX_WEIGHT * candidate.length) /
            (candidate.length + 0.3 * (candidate.length - term.length));
          this.accumulate(at, boost * weight, sourceIndex, visit);
        }
      }
      if (term.length >= FUZZY_MIN) {
        for (const at of this.oneEditAway(term)) {
          if (at === exact || prefixed.has(at)) continue;
          const length = this.terms.get(at).length;
          this.accumulate(at, (boost * FUZZY_WEIGHT * length) / (length + 1), sourceIndex, visit);
        }
      }
      sourceIndex++;
    }
    return this.collect(touchedCount, k);
  }

  /**
   * A query word weighed by its rarity in the code's text (0..1, IDF over all documents).
   * BM25 judges a word's rarity per field, so a word common in code ("request") that is rare
   * in paths would otherwise count as much in `request_id.go`'s path as a telling word does.
   */
  private rarity(term: string): number {
    const total = this.size;
    if (total < 2) return 1;
    const frequency = this.documentFrequency(term);
    return Math.log(1 + total / Math.max(frequency, 1)) / Math.log(1 + total);
  }

  private accumulate(term: number, weight: number, source: number, visit: (doc: number) => void) {
    const total = this.size;
    const lengths = this.data.fieldLengths;
    for (let field = 0; field < FIELD_COUNT; field++) {
      const bucket = term * FIELD_COUNT + field;
      const start = this.data.postingOffsets[bucket];
      if (start === this.data.postingOffsets[bucket + 1]) continue;
      const frequency = readVarint(this.data.postings, start);
      const idf = Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
      const average = this.header.averageFieldLength[field] || 1;
      const factor = weight * BOOSTS[field] * idf;
      this.forEachPosting(term, field, (doc, termFrequency) => {
        const length = lengths[doc * FIELD_COUNT + field] - 1;
        const saturation =
          (termFrequency * (BM25.k + 1)) /
          (termFrequency + BM25.k * (1 - BM25.b + (BM25.b * length) / average));
        visit(doc);
        this.scores[doc] += factor * (BM25.d + saturation);
        if (this.lastTerm[doc] !== source) {
          this.lastTerm[doc] = source;
          this.matchedTerms[doc]++;
        }
      });
    }
  }

  /** The top `k` of the touched documents (score × distinct query words matched); resets scratch. */
  private collect(touchedCount: number, k: number): SearchHit[] {
    const best = new TopK(k);
    for (let at = 0; at < touchedCount; at++) {
      const doc = this.touched[at];
      best.offer(doc, this.scores[doc] * this.matchedTerms[doc]);
      this.scores[doc] = 0;
      this.matchedTerms[doc] = 0;
      this.lastTerm[doc] = -1;
    }
    return best
      .sorted()
      .map(({ doc, score }) => ({ id: this.idOf(doc), score, path: this.pathOf(doc) }));
  }

  private termIndex(term: string): number {
    const at = this.terms.lowerBound(term);
    return at < this.termCount && this.terms.get(at) === term ? at : -1;
  }

  /**
   * Vocabulary terms one edit (insertion, deletion, substitution) from `term` that share its
   * first two letters: a typo in a long word rarely sits in its opening.
   */
  private *oneEditAway(term: string): Generator<number> {
    const opening = term.slice(0, 2);
    for (let at = this.terms.lowerBound(opening); at < this.termCount; at++) {
      const candidate = this.terms.get(at);
      if (!candidate.startsWith(opening)) break;
      if (Math.abs(candidate.length - term.length) <= 1 && withinOneEdit(term, candidate)) yield at;
    }
  }

  private idIndex(): Map<string, number> {
    if (!this.idMap) {
      this.idMap = new Map();
      for (let doc = 0; doc < this.size; doc++) this.idMap.set(this.idOf(doc), doc);
    }
    return this.idMap;
  }
}

function readVarint(bytes: Uint8Array, start: number): number {
  let value = 0;
  let shift = 0;
  for (let at = start; ; at++) {
    const byte = bytes[at];
    value |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) return value >>> 0;
    shift += 7;
  }
}

function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  if (short.length === long.length) return short.slice(i + 1) === long.slice(i + 1);
  return short.slice(i) === long.slice(i + 1);
}
