/**
 * The binary layout of a snapshot's lexical index: one file, a JSON header and aligned
 * sections that are read as typed-array views without parsing. Terms and postings are
 * compact (sorted vocabulary, doc-id gaps and term frequencies as varints), so loading an
 * index is one read and a search touches only the terms of its query.
 */

/** The searchable fields of a document, in their on-disk order. */
export const FIELDS = ["text", "symbol", "path", "context", "doc", "symbols"] as const;
export type Field = (typeof FIELDS)[number];

/** Bumped whenever tokenizing, fields or the layout change: an index of another format is rebuilt. */
export const LEXICAL_INDEX_FORMAT = "cartograph-lexical/7";

const MAGIC = "CGLEXIDX";

export interface IndexHeader {
  format: string;
  docs: number;
  /** Mean length (distinct terms) of each field over the documents that have it. */
  averageFieldLength: number[];
  /** Free-form facts the writer wants back (snapshot id, how the index was made). */
  meta: Record<string, unknown>;
  sections: Record<SectionName, { offset: number; length: number }>;
}

export type SectionName =
  | "idOffsets"
  | "idBytes"
  | "docPath"
  | "docLine"
  | "fieldLengths"
  | "pathOffsets"
  | "pathBytes"
  | "termOffsets"
  | "termBytes"
  | "postingOffsets"
  | "postings";

export type Sections = Record<SectionName, Uint8Array | Uint16Array | Uint32Array>;

const align8 = (n: number) => (n + 7) & ~7;
const bytesOf = (array: Uint8Array | Uint16Array | Uint32Array) =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** Lays the header and sections out in one buffer, each section 8-byte aligned. */
export function writeIndex(header: Omit<IndexHeader, "sections">, sections: Sections): Buffer {
  const placed = {} as IndexHeader["sections"];
  let offset = 0;
  for (const [name, array] of Object.entries(sections) as [SectionName, Uint8Array][]) {
    placed[name] = { offset, length: array.length };
    offset = align8(offset + array.byteLength);
  }
  const headerBytes = Buffer.from(JSON.stringify({ ...header, sections: placed }), "utf8");
  const start = align8(MAGIC.length + 4 + headerBytes.length);
  const out = Buffer.alloc(start + offset);
  out.write(MAGIC, 0, "latin1");
  out.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(out, MAGIC.length + 4);
  for (const [name, array] of Object.entries(sections) as [SectionName, Uint8Array][]) {
    out.set(bytesOf(array), start + placed[name].offset);
  }
  return out;
}

/** Only the header of an index, from a reader of byte ranges (a file, without loading it). */
export function readIndexHeader(read: (length: number, position: number) => Buffer): IndexHeader {
  const head = read(MAGIC.length + 4, 0);
  if (head.toString("latin1", 0, MAGIC.length) !== MAGIC)
    throw new Error("Not a lexical index file");
  const length = head.readUInt32LE(MAGIC.length);
  return JSON.parse(read(length, MAGIC.length + 4).toString("utf8")) as IndexHeader;
}

export interface ReadIndex {
  header: IndexHeader;
  idOffsets: Uint32Array;
  idBytes: Uint8Array;
  docPath: Uint32Array;
  docLine: Uint32Array;
  fieldLengths: Uint16Array;
  pathOffsets: Uint32Array;
  pathBytes: Uint8Array;
  termOffsets: Uint32Array;
  termBytes: Uint8Array;
  postingOffsets: Uint32Array;
  postings: Uint8Array;
}

/** Views over a buffer written by `writeIndex`; throws when it is not one, or of another format. */
export function readIndex(input: Uint8Array): ReadIndex {
  // Typed-array views need aligned offsets: copy the rare buffer that does not start aligned.
  const buffer = input.byteOffset % 8 === 0 ? input : Uint8Array.from(input);
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (bytes.length < MAGIC.length + 4 || bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) {
    throw new Error("Not a lexical index file");
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const header = JSON.parse(
    bytes.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + headerLength),
  ) as IndexHeader;
  if (header.format !== LEXICAL_INDEX_FORMAT) {
    throw new Error(`Not a lexical index in format ${LEXICAL_INDEX_FORMAT}`);
  }
  const start = bytes.byteOffset + align8(MAGIC.length + 4 + headerLength);
  const view = <T>(
    name: SectionName,
    Type: { new (buffer: ArrayBufferLike, offset: number, length: number): T },
  ) => new Type(bytes.buffer, start + header.sections[name].offset, header.sections[name].length);
  return {
    header,
    idOffsets: view("idOffsets", Uint32Array),
    idBytes: view("idBytes", Uint8Array),
    docPath: view("docPath", Uint32Array),
    docLine: view("docLine", Uint32Array),
    fieldLengths: view("fieldLengths", Uint16Array),
    pathOffsets: view("pathOffsets", Uint32Array),
    pathBytes: view("pathBytes", Uint8Array),
    termOffsets: view("termOffsets", Uint32Array),
    termBytes: view("termBytes", Uint8Array),
    postingOffsets: view("postingOffsets", Uint32Array),
    postings: view("postings", Uint8Array),
  };
}

/** Strings as one UTF-8 block and offsets (n + 1 of them). */
export function encodeStrings(strings: readonly string[]): {
  offsets: Uint32Array;
  bytes: Uint8Array;
} {
  const offsets = new Uint32Array(strings.length + 1);
  const encoder = new TextEncoder();
  let total = 0;
  for (const value of strings) total += Buffer.byteLength(value, "utf8");
  const bytes = new Uint8Array(total);
  let at = 0;
  strings.forEach((value, index) => {
    offsets[index] = at;
    at += encoder.encodeInto(value, bytes.subarray(at)).written;
  });
  offsets[strings.length] = at;
  return { offsets, bytes };
}

/** The i-th string of a block written by `encodeStrings`, decoded on demand. */
export class StringTable {
  private readonly buffer: Buffer;

  constructor(
    private readonly offsets: Uint32Array,
    bytes: Uint8Array,
  ) {
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  get(index: number): string {
    return this.buffer.toString("utf8", this.offsets[index], this.offsets[index + 1]);
  }

  /** First index whose string is ≥ `value` (the table is sorted by JS string order). */
  lowerBound(value: string): number {
    let low = 0;
    let high = this.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.get(middle) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
