import { describe, expect, it } from "vitest";
import { RemoteCommits } from "./remote-commits";

describe("RemoteCommits", () => {
  it("asks once per key while fresh, again once stale, and never keeps a failure", async () => {
    let clock = 0;
    const commits = new RemoteCommits<string>(1_000, () => clock);
    let asked = 0;
    const ask = (answer: string) => async () => {
      asked++;
      return answer;
    };
    expect(commits.peek("repo|main|token-a")).toBeUndefined();
    expect(await commits.resolve("repo|main|token-a", ask("c1"))).toBe("c1");
    expect(await commits.peek("repo|main|token-a")).toBe("c1");
    expect(commits.peek("repo|main|token-b")).toBeUndefined();
    expect(await commits.resolve("repo|main|token-a", ask("c2"))).toBe("c1");
    // Another credential is its own access check.
    expect(await commits.resolve("repo|main|token-b", ask("c3"))).toBe("c3");
    expect(asked).toBe(2);
    clock = 1_000;
    expect(commits.peek("repo|main|token-a")).toBeUndefined();
    expect(await commits.resolve("repo|main|token-a", ask("c4"))).toBe("c4");
    expect(asked).toBe(3);

    const failing = commits.resolve("other", async () => {
      throw new Error("unreachable");
    });
    await expect(failing).rejects.toThrow("unreachable");
    expect(await commits.resolve("other", ask("c5"))).toBe("c5");
    commits.forget("other");
    expect(await commits.resolve("other", ask("c6"))).toBe("c6");
  });

  it("shares one question among concurrent callers and stays bounded", async () => {
    const commits = new RemoteCommits<number>(60_000, Date.now, 2);
    let asked = 0;
    const slow = async () => {
      asked++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return asked;
    };
    const answers = await Promise.all([commits.resolve("k", slow), commits.resolve("k", slow)]);
    expect(answers).toEqual([1, 1]);
    await commits.resolve("a", slow);
    await commits.resolve("b", slow);
    // "k" was the oldest of three: it was let go.
    expect(await commits.resolve("k", slow)).toBe(4);
  });
});
