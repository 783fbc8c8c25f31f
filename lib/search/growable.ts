/** Typed arrays that grow by doubling: the index builder's append logs, without a JS array per term. */
type TypedArrayConstructor<T> = { new (length: number): T; BYTES_PER_ELEMENT: number };

export class Growable<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array> {
  private data: T;
  length = 0;

  constructor(
    private readonly Type: TypedArrayConstructor<T>,
    capacity = 1024,
  ) {
    this.data = new Type(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new this.Type(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  /** The filled part, as a view (no copy). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** Unsigned LEB128: small numbers (doc-id gaps, term frequencies) in one byte. */
export class VarintWriter {
  private bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
  }

  write(value: number): void {
    if (this.length + 5 > this.bytes.length) {
      const bigger = new Uint8Array(this.bytes.length * 2);
      bigger.set(this.bytes);
      this.bytes = bigger;
    }
    let rest = value >>> 0;
    while (rest >= 0x80) {
      this.bytes[this.length++] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    this.bytes[this.length++] = rest;
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}
