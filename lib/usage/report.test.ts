import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_USER_ID, type Principal } from "../auth/guard";
import type { DatabaseHandle } from "../db/client";
import { freshTestDatabase } from "../db/test-database";
import { isAppError } from "../errors";
import { usageQuerySchema } from "../protocol/usage";
import { insertModelCall, usageTotals } from "./queries";
import { usageFor } from "./report";

let handle: DatabaseHandle;

const call = (
  id: string,
  fields: {
    userId: string;
    model: string;
    input: number;
    output: number;
    cost: number | null;
    at: string;
  },
) => ({
  id,
  userId: fields.userId,
  provider: "openai",
  model: fields.model,
  inputTokens: fields.input,
  outputTokens: fields.output,
  cost: fields.cost,
  runId: id.startsWith("r") ? "run-1" : null,
  createdAt: new Date(fields.at),
});

beforeAll(async () => {
  handle = await freshTestDatabase();
  const { db } = handle;
  await insertModelCall(
    db,
    call("r1", {
      userId: LOCAL_USER_ID,
      model: "gpt-4o",
      input: 100,
      output: 10,
      cost: 0.001,
      at: "2026-03-01T10:00:00Z",
    }),
  );
  await insertModelCall(
    db,
    call("r2", {
      userId: LOCAL_USER_ID,
      model: "llama3",
      input: 50,
      output: 5,
      cost: null,
      at: "2026-03-02T23:59:00Z",
    }),
  );
  await insertModelCall(
    db,
    call("c1", {
      userId: "ada",
      model: "gpt-4o",
      input: 7,
      output: 3,
      cost: 0.0002,
      at: "2026-03-02T08:00:00Z",
    }),
  );
});

afterAll(async () => {
  await handle?.close();
});

const query = (input: Record<string, string>) => usageQuerySchema.parse(input);
const local: Principal = { userId: LOCAL_USER_ID, key: "local", role: "admin" };
const member: Principal = { userId: "ada", key: "ada", role: "member" };

describe("usageFor", () => {
  it("groups the viewer's own calls by day (UTC) and model, summing known costs", async () => {
    const byDay = await usageFor(handle.db, local, query({ group_by: "day" }));
    expect(byDay.items).toEqual([
      { key: "2026-03-01", input_tokens: 100, output_tokens: 10, cost: 0.001 },
      { key: "2026-03-02", input_tokens: 50, output_tokens: 5, cost: null },
    ]);
    const byModel = await usageFor(handle.db, local, query({ group_by: "model" }));
    expect(byModel.items.map((item) => item.key)).toEqual(["openai/gpt-4o", "openai/llama3"]);
    expect(byModel.admin).toBe(true);
  });

  it("bounds the range by whole days, `to` included", async () => {
    const one = await usageFor(handle.db, local, query({ from: "2026-03-02", to: "2026-03-02" }));
    expect(one.items.map((item) => item.key)).toEqual(["2026-03-02"]);
    const none = await usageFor(handle.db, local, query({ to: "2026-02-28" }));
    expect(none.items).toEqual([]);
  });

  it("shows an admin everyone's usage by user, and anyone's", async () => {
    const byUser = await usageFor(handle.db, local, query({ group_by: "user" }));
    expect(byUser.items.map((item) => [item.key, item.input_tokens])).toEqual([
      ["ada", 7],
      [LOCAL_USER_ID, 150],
    ]);
    const ada = await usageFor(handle.db, local, query({ group_by: "model", user_id: "ada" }));
    expect(ada.items).toEqual([
      { key: "openai/gpt-4o", input_tokens: 7, output_tokens: 3, cost: 0.0002 },
    ]);
  });

  it("keeps a user who is not an admin to their own usage", async () => {
    const own = await usageFor(handle.db, member, query({ group_by: "model" }));
    expect(own.items).toEqual([
      { key: "openai/gpt-4o", input_tokens: 7, output_tokens: 3, cost: 0.0002 },
    ]);
    expect(own.admin).toBe(false);
    const others: Record<string, string>[] = [
      { group_by: "user" },
      { user_id: LOCAL_USER_ID },
      { user_id: "*" },
    ];
    for (const input of others) {
      const refused = await usageFor(handle.db, member, query(input)).catch((error) => error);
      expect(isAppError(refused) && refused.status).toBe(403);
    }
  });
});

describe("usageTotals", () => {
  it("sums a run's calls; the cost of the priced ones", async () => {
    expect(await usageTotals(handle.db, { runId: "run-1" })).toEqual({
      input_tokens: 150,
      output_tokens: 15,
      cost: 0.001,
      estimated: false,
    });
    expect(await usageTotals(handle.db, { runId: "none" })).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cost: 0,
      estimated: false,
    });
  });
});
