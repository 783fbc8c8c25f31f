import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, ProgressClient, startTestRun, waitForStatus } from "./support/clients";
import { type ServerProcess, startServerProcess } from "./support/server-process";

let server: ServerProcess;
let client: ProgressClient;
let finishedRun: string;

beforeAll(async () => {
  server = await startServerProcess();
  client = new ProgressClient(server.url, ["polling"]);
  await client.connected();
  finishedRun = (await startTestRun(server.url, { steps: 2, delay_ms: 1 })).research_id;
  await waitForStatus(server.url, finishedRun, ["completed"]);
});
afterAll(async () => {
  client?.close();
  await server?.stop();
});

describe("malformed subscriptions get {ok: false, error}", () => {
  it.each([
    ["a string", "garbage"],
    ["an empty object", {}],
    ["a numeric id", { research_id: 42 }],
    ["a negative after_seq", { research_id: "x", after_seq: -1 }],
    ["a fractional after_seq", { research_id: "x", after_seq: 1.5 }],
    ["a huge after_seq", { research_id: "x", after_seq: 1e300 }],
    ["null", null],
  ])("%s", async (_name, payload) => {
    const ack = await client.subscribe(payload);
    expect(ack.ok).toBe(false);
    expect(ack.ok === false && ack.error).toMatch(/Invalid payload/);
  });

  it("an unknown run id", async () => {
    const ack = await client.subscribe({ research_id: "no-such-run" });
    expect(ack).toEqual({ ok: false, error: "Run not found" });
  });

  it("an after_seq beyond the run's last event", async () => {
    const ack = await client.subscribe({ research_id: finishedRun, after_seq: 10_000 });
    expect(ack.ok).toBe(false);
    expect(ack.ok === false && ack.error).toMatch(/ahead of the run/);
  });

  it("a subscribe without an ack callback does not hurt the server", async () => {
    client.socket.emit("subscribe_to_research", { research_id: finishedRun });
    client.socket.emit("subscribe_to_research");
    client.socket.emit("unsubscribe_from_research", 17);
    const ack = await client.subscribe({ research_id: finishedRun });
    expect(ack.ok).toBe(true);
  });
});

describe("HTTP endpoints answer bad input with a clear 4xx JSON error", () => {
  it.each([
    ["GET", "/api/research/no-such-run/status", 404, /Run not found/],
    ["GET", "/api/research/no-such-run/logs", 404, /Run not found/],
    ["POST", "/api/terminate/no-such-run", 404, /Run not found/],
    ["DELETE", "/api/delete/no-such-run", 404, /Run not found/],
    ["GET", "/api/history?limit=-4", 400, /limit/],
    ["GET", "/api/history?offset=abc", 400, /offset/],
  ])("%s %s → %i", async (method, pathname, status, message) => {
    const response = await api<{ status: string; message: string; error: { code: string } }>(
      server.url,
      pathname,
      { method },
    );
    expect(response.status).toBe(status);
    expect(response.body.status).toBe("error");
    expect(response.body.message).toMatch(message);
    expect(response.body.error.code).toMatch(/^[a-z_]+:[a-z_]+$/);
  });

  it.each([
    ["a negative after_seq", "after_seq=-1"],
    ["a non-numeric after_seq", "after_seq=abc"],
    ["a huge after_seq", "after_seq=1e400"],
    ["a zero limit", "limit=0"],
  ])("logs with %s → 400", async (_name, query) => {
    const response = await api<{ message: string }>(
      server.url,
      `/api/research/${finishedRun}/logs?${query}`,
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/Invalid query/);
  });

  it.each([
    ["non-JSON", "{not json", /must be JSON/],
    ["an empty body", "", /must be JSON/],
    ["a JSON array", "[1,2]", /Invalid body/],
    ["an unknown kind", JSON.stringify({ kind: "nope", input: {} }), /Unknown run kind/],
    [
      "input the kind rejects",
      JSON.stringify({ kind: "test.steps", input: { steps: -3 } }),
      /steps/,
    ],
  ])("POST /api/runs with %s → 400", async (_name, body, message) => {
    const response = await api<{ message: string }>(server.url, "/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(message);
  });

  it("refuses to delete a run in progress, deletes a finished one", async () => {
    const { research_id: id } = await startTestRun(server.url, { steps: 100, delay_ms: 100 });
    await waitForStatus(server.url, id, ["in_progress"]);
    const refused = await api<{ message: string }>(server.url, `/api/delete/${id}`, {
      method: "DELETE",
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/cancel it first/);
    await api(server.url, `/api/terminate/${id}`, { method: "POST" });
    await waitForStatus(server.url, id, ["cancelled"]);
    const again = await api(server.url, `/api/terminate/${id}`, { method: "POST" });
    expect(again.status).toBe(409);
    const deleted = await api(server.url, `/api/delete/${id}`, { method: "DELETE" });
    expect(deleted).toMatchObject({ status: 200, body: { status: "success" } });
    expect((await api(server.url, `/api/research/${id}/status`)).status).toBe(404);
  });

  it("keeps serving after all of it", async () => {
    const health = await api<{ status: string }>(server.url, "/health");
    expect(health).toMatchObject({ status: 200, body: { status: "healthy" } });
  });
});
