import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { LOCAL_USER_ID } from "../auth/guard";
import type { Database } from "../db/client";
import { chats, messages, modelCalls } from "../db/schema";
import { freshTestDatabase } from "../db/test-database";
import { appendMessages, getChatById, listMessages } from "./queries";

let db: Database;

const chat = (id: string) => ({
  id,
  userId: LOCAL_USER_ID,
  repoId: null,
  repoUrl: "/x",
  title: "t",
  listed: false,
});
const turn = [
  { role: "user" as const, content: "question", commit: "c1" },
  {
    role: "assistant" as const,
    content: "answer",
    commit: "c1",
    citations: [{ path: "a.ts" }],
    sources: [{ path: "a.ts", chunk_id: 1 }],
  },
];

beforeEach(async () => {
  db = (await freshTestDatabase()).db;
  await db.delete(chats);
});

describe("appendMessages", () => {
  it("creates a conversation with its first turn, in order", async () => {
    await appendMessages(db, { chatId: "c-new", rows: turn, create: chat("c-new") });
    expect(await getChatById(db, { id: "c-new" })).toMatchObject({ listed: false, title: "t" });
    const stored = await listMessages(db, { chatId: "c-new" });
    expect(stored.map((row) => [row.role, row.content])).toEqual([
      ["user", "question"],
      ["assistant", "answer"],
    ]);
    expect(stored[1]).toMatchObject({ citations: [{ path: "a.ts" }], commit: "c1" });
  });

  it("appends to a conversation and marks it updated", async () => {
    await appendMessages(db, { chatId: "c1", rows: turn, create: chat("c1") });
    const old = new Date("2020-01-01T00:00:00Z");
    await db.update(chats).set({ updatedAt: old }).where(eq(chats.id, "c1"));
    await appendMessages(db, { chatId: "c1", rows: turn });
    expect((await listMessages(db, { chatId: "c1" })).length).toBe(4);
    expect((await getChatById(db, { id: "c1" }))?.updatedAt.getTime()).toBeGreaterThan(
      old.getTime(),
    );
  });

  it("stores nothing of a turn whose conversation cannot be created", async () => {
    await appendMessages(db, { chatId: "c1", rows: turn, create: chat("c1") });
    await expect(
      appendMessages(db, { chatId: "c1", rows: turn, create: chat("c1") }),
    ).rejects.toThrow();
    expect((await listMessages(db, { chatId: "c1" })).length).toBe(2);
    // A conversation that is gone takes no messages either.
    await expect(appendMessages(db, { chatId: "gone", rows: turn })).rejects.toThrow();
    expect((await db.select().from(messages)).length).toBe(2);
  });

  it("counts the answer's model calls against its message, in the same statement", async () => {
    const call = (id: string) => ({
      id,
      userId: LOCAL_USER_ID,
      provider: "openai",
      model: "m",
      inputTokens: 10,
      outputTokens: 5,
    });
    await db.delete(modelCalls);
    await db.insert(modelCalls).values([call("a1"), call("a2"), call("other")]);
    const ids = await appendMessages(db, {
      chatId: "c1",
      rows: turn,
      create: chat("c1"),
      callIds: ["a1", "a2"],
    });
    expect(ids).toHaveLength(2);
    const rows = await db
      .select({ id: modelCalls.id, messageId: modelCalls.messageId })
      .from(modelCalls)
      .orderBy(modelCalls.id);
    expect(rows).toEqual([
      { id: "a1", messageId: ids[1] },
      { id: "a2", messageId: ids[1] },
      { id: "other", messageId: null },
    ]);
  });
});
