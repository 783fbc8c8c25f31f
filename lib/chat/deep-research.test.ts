import { expect, it } from "vitest";
import type { ChatMessage } from "../protocol/chat";
import { parseOpenQuestions, researchStateOf, retrievalQueryOf } from "./deep-research";

const user = (content: string): ChatMessage => ({ role: "user", content });
const assistant = (content: string): ChatMessage => ({ role: "assistant", content });

it("is not research without the marker", () => {
  expect(researchStateOf([user("How does login work?")])).toBeNull();
});

it("plans first, updates next, concludes at 5 or when nothing is open", () => {
  const question = user("[DEEP RESEARCH] How does login work?");
  const more = user("[DEEP RESEARCH] Continue the research");
  const open = assistant(
    "## Research Plan\n...\n### Open questions\n- where are sessions stored\n- token expiry",
  );
  expect(researchStateOf([question])).toMatchObject({
    iteration: 1,
    stage: "plan",
    question: "How does login work?",
  });
  const second = researchStateOf([question, open, more]);
  expect(second).toMatchObject({
    iteration: 2,
    stage: "update",
    openQuestions: ["where are sessions stored", "token expiry"],
  });
  expect(retrievalQueryOf([question, open, more], second)).toBe(
    "where are sessions stored token expiry How does login work?",
  );
  const closed = assistant("## Research Update 2\n...\n### Open questions\nNone");
  expect(researchStateOf([question, open, more, closed, more])).toMatchObject({
    iteration: 3,
    stage: "conclusion",
  });
  const four = [question, open, more, open, more, open, more, open, more];
  expect(researchStateOf(four)).toMatchObject({ iteration: 5, stage: "conclusion" });
});

it("reads open questions from numbered or bulleted lists", () => {
  expect(parseOpenQuestions("### Open questions\n1. one\n2) two\n* three\n\n## Next")).toEqual([
    "one",
    "two",
    "three",
  ]);
  expect(parseOpenQuestions("no section")).toEqual([]);
});

it("searches with the latest question first, then the ones before it", () => {
  expect(
    retrievalQueryOf([user("How is auth done?"), assistant("..."), user("and tested?")], null),
  ).toBe("and tested? How is auth done?");
});
