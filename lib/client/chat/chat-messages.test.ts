import { describe, expect, it } from "vitest";
import { citationStatus } from "./chat-citations";
import {
  answerAsMarkdown,
  type ConversationMessage,
  indexingLabel,
  markdownFileName,
  questionBefore,
  stageLabel,
  titleFrom,
} from "./chat-messages";

const message = (fields: Partial<ConversationMessage>): ConversationMessage => ({
  id: Math.random().toString(36),
  role: "user",
  content: "",
  ...fields,
});

describe("conversations", () => {
  it("shows the index run's progress as a percentage and files parsed", () => {
    expect(
      indexingLabel({ progress: 42.7, message: "Parsed", steps: { done: 1234, total: 8600 } }),
    ).toBe("Indexing repository… 42% (1,234 of 8,600 files)");
    expect(indexingLabel({ progress: 0, message: "Queued" })).toBe("Indexing repository… 0%");
  });

  it("titles a conversation by its question, without the deep-research marker", () => {
    expect(titleFrom("[DEEP RESEARCH]   How are\n prices formatted?")).toBe(
      "How are prices formatted?",
    );
    expect(titleFrom("x".repeat(100))).toHaveLength(80);
  });

  it("names research stages as the answers head them", () => {
    expect(stageLabel({ stage: "plan", iteration: 1 })).toBe("Research Plan");
    expect(stageLabel({ stage: "update", iteration: 3 })).toBe("Research Update 3");
    expect(stageLabel({ stage: "conclusion", iteration: 5 })).toBe("Final Conclusion");
  });

  it("finds the question an answer replies to, past the continue turns", () => {
    const answer = message({ role: "assistant", content: "Update" });
    const messages = [
      message({ content: "[DEEP RESEARCH] Where is tax computed?" }),
      message({ role: "assistant", content: "Plan" }),
      message({ content: "[DEEP RESEARCH] Continue the research" }),
      answer,
    ];
    expect(questionBefore(messages, answer.id)).toBe("Where is tax computed?");
  });

  it("downloads an answer with its question and commit", () => {
    expect(
      answerAsMarkdown({
        question: "How?",
        repository: "shop",
        commit: "0123456789abcdef",
        answer: "Like this.\n",
      }),
    ).toBe("# How?\n\n_shop at commit 0123456789ab_\n\nLike this.\n");
    expect(markdownFileName("How is a discount applied?")).toBe("how-is-a-discount-applied.md");
    expect(markdownFileName("???")).toBe("answer.md");
  });
});

describe("citationStatus", () => {
  const cited = { text: "src/cart.ts:3-10", path: "src/cart.ts", start_line: 3, end_line: 10 };
  const sources = [{ path: "src/cart.ts", start_line: 1, end_line: 12, score: 1 }];

  it("links a citation whose file was retrieved while the answer streams", () => {
    expect(citationStatus(cited, { sources })).toBe("valid");
    expect(citationStatus({ ...cited, path: "src/other.ts" }, { sources })).toBe("unchecked");
  });

  it("follows the server's check once the answer is done", () => {
    expect(citationStatus(cited, { sources, citations: [{ ...cited, valid: false }] })).toBe(
      "invalid",
    );
    expect(
      citationStatus(
        { ...cited, text: "src/cart.ts:L3-L10" },
        { citations: [{ ...cited, valid: true }] },
      ),
    ).toBe("valid");
  });
});
