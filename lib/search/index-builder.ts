/**
 * Builds a lexical index file (`index-format.ts`): documents are tokenized once, their
 * postings appended to flat logs (no object per term), then grouped by term and field and
 * written as varints. An index for a new commit starts from the previous one: the documents
 * of unchanged files are carried over posting by posting, never tokenized again.
 */
import { Growable, VarintWriter } from "./growable";
import {
  encodeStrings,
  FIELDS,
  type IndexHeader,
  LEXICAL_INDEX_FORMAT,
  writeIndex,
} from "./index-format";
import { tokenizeCode } from "./tokenize";

export interface IndexDoc {
  id: string;
  path: string;
  /** The document's first line, when it is a passage of the file (orders a file's chunks). */
  line?: number;
  text: string;
  symbol?: string;
  /** How the rest of the code talks about this chunk (callers' lines). */
  context?: string;
  /** A whole file's doc comments (file documents only). */
  doc?: string;
  /** Every name a file declares (file documents only). */
  symbols?: string;
}

/** What the builder needs of an existing index to carry its documents over. */
export interface IndexSource {
  readonly size: number;
  idOf(doc: number): string;
  pathOf(doc: number): string;
  lineOf(doc: number): number;
  fieldLengthCode(doc: number, field: number): number;
  readonly termCount: number;
  termOf(term: number): string;
  /** Calls back with every (doc, frequency) of one term in one field, docs ascending. */
  forEachPosting(
    term: number,
    field: number,
    visit: (doc: number, frequency: number) => void,
  ): void;
}

const FIELD_COUNT = FIELDS.length;
/** V8 makes a substring this long a view of its parent string (shorter ones are copies). */
const SLICE_MIN = 13;

/**
 * The term as a string of its own. A term is often a substring of a document's text, which
 * V8 keeps as a view that holds the whole text alive: kept as a key, one new term per
 * document held every document's text until the build ended (measured: 365 MB of texts
 * held for 40k terms, 8 MB with copies).
 */
function ownCopy(term: string): string {
  return Buffer.from(term, "utf8").toString("utf8");
}
const MAX_U16 = 0xffff;

export class IndexBuilder {
  private readonly ids: string[] = [];
  private readonly docPath = new Growable(Uint32Array);
  private readonly docLine = new Growable(Uint32Array);
  /** Per document and field: 0 when absent, else 1 + its number of distinct terms. */
  private readonly fieldLengths = new Growable(Uint16Array);
  private readonly paths = new Map<string, number>();
  private readonly terms = new Map<string, number>();
  private readonly logTerm = new Growable(Uint32Array, 1 << 16);
  private readonly logDoc = new Growable(Uint32Array, 1 << 16);
  private readonly logField = new Growable(Uint8Array, 1 << 16);
  private readonly logFrequency = new Growable(Uint16Array, 1 << 16);

  get size(): number {
    return this.ids.length;
  }

  /**
   * Carries over the documents of `source` that `keep` maps to an id (their new id; null
   * drops them). Must come before any `add`, so each term's postings stay in doc order.
   */
  carryOver(source: IndexSource, keep: (id: string, path: string) => string | null): number {
    if (this.ids.length > 0) throw new Error("carryOver must precede add");
    const renumbered = new Int32Array(source.size).fill(-1);
    for (let doc = 0; doc < source.size; doc++) {
      const id = keep(source.idOf(doc), source.pathOf(doc));
      if (id === null) continue;
      renumbered[doc] = this.pushDoc(id, source.pathOf(doc), source.lineOf(doc));
      for (let field = 0; field < FIELD_COUNT; field++) {
        this.fieldLengths.push(source.fieldLengthCode(doc, field));
      }
    }
    for (let term = 0; term < source.termCount; term++) {
      let termId = -1;
      for (let field = 0; field < FIELD_COUNT; field++) {
        source.forEachPosting(term, field, (doc, frequency) => {
          const target = renumbered[doc];
          if (target < 0) return;
          if (termId < 0) termId = this.termId(source.termOf(term));
          this.logPosting(termId, target, field, frequency);
        });
      }
    }
    return this.ids.length;
  }

  add(doc: IndexDoc): void {
    const docId = this.pushDoc(doc.id, doc.path, doc.line ?? 0);
    FIELDS.forEach((field, fieldIndex) => {
      const value = doc[field];
      if (value === undefined) {
        this.fieldLengths.push(0);
        return;
      }
      const frequencies = new Map<string, number>();
      for (const term of tokenizeCode(value))
        frequencies.set(term, (frequencies.get(term) ?? 0) + 1);
      this.fieldLengths.push(Math.min(MAX_U16, frequencies.size + 1));
      for (const [term, frequency] of frequencies) {
        this.logPosting(this.termId(term), docId, fieldIndex, Math.min(MAX_U16, frequency));
      }
    });
  }

  /** The index file's bytes. */
  finish(meta: Record<string, unknown> = {}): Buffer {
    const termList = [...this.terms.keys()];
    const order = termList
      .map((_, index) => index)
      .sort((a, b) => compare(termList[a], termList[b]));
    const rank = new Uint32Array(termList.length);
    order.forEach((termId, position) => {
      rank[termId] = position;
    });

    // Group the log by (term, field), keeping log order (docs ascending) inside each group.
    const buckets = termList.length * FIELD_COUNT;
    const starts = new Uint32Array(buckets + 1);
    const count = this.logTerm.length;
    for (let entry = 0; entry < count; entry++) {
      starts[rank[this.logTerm.get(entry)] * FIELD_COUNT + this.logField.get(entry) + 1]++;
    }
    for (let bucket = 0; bucket < buckets; bucket++) starts[bucket + 1] += starts[bucket];
    const cursor = starts.slice(0, buckets);
    const docs = new Uint32Array(count);
    const frequencies = new Uint16Array(count);
    for (let entry = 0; entry < count; entry++) {
      const at = cursor[rank[this.logTerm.get(entry)] * FIELD_COUNT + this.logField.get(entry)]++;
      docs[at] = this.logDoc.get(entry);
      frequencies[at] = this.logFrequency.get(entry);
    }

    const postingOffsets = new Uint32Array(buckets + 1);
    const postings = new VarintWriter(Math.max(1 << 16, count * 3));
    for (let bucket = 0; bucket < buckets; bucket++) {
      postingOffsets[bucket] = postings.length;
      const end = starts[bucket + 1];
      if (end === starts[bucket]) continue;
      postings.write(end - starts[bucket]);
      let previous = 0;
      for (let at = starts[bucket]; at < end; at++) {
        postings.write(docs[at] - previous);
        postings.write(frequencies[at]);
        previous = docs[at];
      }
    }
    postingOffsets[buckets] = postings.length;

    const ids = encodeStrings(this.ids);
    const paths = encodeStrings([...this.paths.keys()]);
    const sortedTerms = encodeStrings(order.map((termId) => termList[termId]));
    const header: Omit<IndexHeader, "sections"> = {
      format: LEXICAL_INDEX_FORMAT,
      docs: this.ids.length,
      averageFieldLength: this.averageFieldLengths(),
      meta,
    };
    return writeIndex(header, {
      idOffsets: ids.offsets,
      idBytes: ids.bytes,
      docPath: this.docPath.view(),
      docLine: this.docLine.view(),
      fieldLengths: this.fieldLengths.view(),
      pathOffsets: paths.offsets,
      pathBytes: paths.bytes,
      termOffsets: sortedTerms.offsets,
      termBytes: sortedTerms.bytes,
      postingOffsets,
      postings: postings.view(),
    });
  }

  private pushDoc(id: string, path: string, line: number): number {
    let pathId = this.paths.get(path);
    if (pathId === undefined) {
      pathId = this.paths.size;
      this.paths.set(path, pathId);
    }
    this.ids.push(id);
    this.docPath.push(pathId);
    this.docLine.push(line);
    return this.ids.length - 1;
  }

  private termId(term: string): number {
    let id = this.terms.get(term);
    if (id === undefined) {
      id = this.terms.size;
      this.terms.set(term.length < SLICE_MIN ? term : ownCopy(term), id);
    }
    return id;
  }

  private logPosting(term: number, doc: number, field: number, frequency: number): void {
    this.logTerm.push(term);
    this.logDoc.push(doc);
    this.logField.push(field);
    this.logFrequency.push(frequency);
  }

  private averageFieldLengths(): number[] {
    const lengths = this.fieldLengths.view();
    return FIELDS.map((_, field) => {
      let total = 0;
      let present = 0;
      for (let at = field; at < lengths.length; at += FIELD_COUNT) {
        if (lengths[at] === 0) continue;
        total += lengths[at] - 1;
        present++;
      }
      return present === 0 ? 0 : total / present;
    });
  }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
