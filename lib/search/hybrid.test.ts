import { describe, expect, it } from "vitest";
import { cosineTopK, fuseRankings } from "./hybrid";

const ranked = (...ids: string[]) => ids.map((id, index) => ({ id, score: 100 - index }));

describe("fuseRankings", () => {
  it("puts ids found by both lists above ids found by one, by summed reciprocal rank", () => {
    const lexical = ranked("a", "b", "c", "d");
    const vector = ranked("c", "b", "e", "a");
    const fused = fuseRankings([lexical, vector], 10);
    // c: 1/63 + 1/61 beats b: 1/62 + 1/62 beats a: 1/61 + 1/64.
    expect(fused.map((item) => item.id)).toEqual(["c", "b", "a", "e", "d"]);
    expect(fused[0].score).toBeCloseTo(1 / 63 + 1 / 61, 10);
    expect(fused[1].score).toBeCloseTo(2 / 62, 10);
    expect(fused[3].score).toBeCloseTo(1 / 63, 10);
  });

  it("uses ranks, not raw scores", () => {
    const small = [
      { id: "x", score: 0.9 },
      { id: "y", score: 0.1 },
    ];
    const large = [
      { id: "y", score: 4000 },
      { id: "x", score: 3999 },
    ];
    const fused = fuseRankings([small, large], 2);
    expect(fused[0].score).toBeCloseTo(fused[1].score, 12);
    // A tie goes to the id with the better best rank, then to id order.
    expect(fused.map((item) => item.id)).toEqual(["x", "y"]);
  });

  it("returns the best k, honours weights and the RRF constant", () => {
    const lexical = ranked("a", "b");
    const vector = ranked("b", "a");
    expect(fuseRankings([lexical, vector], 1, { weights: [2, 1] })[0].id).toBe("a");
    expect(fuseRankings([lexical, vector], 1, { weights: [1, 2] })[0].id).toBe("b");
    expect(fuseRankings([ranked("a")], 1, { rrfK: 0 })[0].score).toBe(1);
    expect(fuseRankings([lexical, vector], 0)).toEqual([]);
    expect(fuseRankings([], 5)).toEqual([]);
  });

  it("counts an id repeated within one list once", () => {
    const fused = fuseRankings([ranked("a", "a", "b")], 5);
    expect(fused.map((item) => item.id)).toEqual(["a", "b"]);
    expect(fused[0].score).toBeCloseTo(1 / 61, 12);
  });
});

describe("cosineTopK", () => {
  const vectors = [
    { id: "same", vector: [1, 2, 3] },
    { id: "scaled", vector: [2, 4, 6.5] },
    { id: "orthogonal", vector: [3, 0, -1] },
    { id: "opposite", vector: [-1, -2, -3] },
    { id: "zero", vector: [0, 0, 0] },
  ];

  it("ranks by angle, not length", () => {
    const top = cosineTopK([1, 2, 3], vectors, 5);
    expect(top.map((item) => item.id)).toEqual([
      "same",
      "scaled",
      "orthogonal",
      "zero",
      "opposite",
    ]);
    expect(top[0].score).toBeCloseTo(1, 12);
    expect(top[2].score).toBeCloseTo(0, 12);
    expect(top[4].score).toBeCloseTo(-1, 12);
  });

  it("returns k results and accepts typed arrays", () => {
    const typed = vectors.map(({ id, vector }) => ({ id, vector: Float32Array.from(vector) }));
    expect(cosineTopK(Float32Array.from([1, 2, 3]), typed, 2).map((item) => item.id)).toEqual([
      "same",
      "scaled",
    ]);
    expect(cosineTopK([1, 2, 3], vectors, 0)).toEqual([]);
    expect(cosineTopK([0, 0, 0], vectors, 1)[0].score).toBe(0);
  });

  it("rejects vectors of another dimension", () => {
    expect(() => cosineTopK([1, 2], vectors, 3)).toThrow(RangeError);
  });
});
