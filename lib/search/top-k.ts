/** The `k` best (score, doc) pairs: a min-heap, so a search over many matches stays O(n log k). */
export class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  offer(doc: number, score: number): void {
    if (this.docs.length < this.k) {
      this.docs.push(doc);
      this.scores.push(score);
      this.up(this.docs.length - 1);
    } else if (this.beats(score, doc, this.scores[0], this.docs[0])) {
      this.docs[0] = doc;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): { doc: number; score: number }[] {
    return this.docs
      .map((doc, at) => ({ doc, score: this.scores[at] }))
      .sort((a, b) => b.score - a.score || a.doc - b.doc);
  }

  /** Higher score wins; at equal scores the earlier document does. */
  private beats(score: number, doc: number, otherScore: number, otherDoc: number): boolean {
    return score > otherScore || (score === otherScore && doc < otherDoc);
  }

  private up(at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.beats(this.scores[parent], this.docs[parent], this.scores[at], this.docs[at]))
        return;
      this.swap(at, parent);
      at = parent;
    }
  }

  private down(at: number): void {
    for (;;) {
      let least = at;
      for (const child of [2 * at + 1, 2 * at + 2]) {
        if (
          child < this.docs.length &&
          this.beats(this.scores[least], this.docs[least], this.scores[child], this.docs[child])
        )
          least = child;
      }
      if (least === at) return;
      this.swap(at, least);
      at = least;
    }
  }

  private swap(a: number, b: number): void {
    [this.docs[a], this.docs[b]] = [this.docs[b], this.docs[a]];
    [this.scores[a], this.scores[b]] = [this.scores[b], this.scores[a]];
  }
}
