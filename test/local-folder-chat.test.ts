import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatEvent } from "../lib/protocol/chat";
import { chatOverSocket } from "./support/chat-client";
import { api, waitForStatus } from "./support/clients";
import { ModelFixture } from "./support/model-fixture";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// Issue #13 item 3: a chat about an indexed plain folder (not a git repository) does no
// work proportional to the folder. Hashing it reads every file; the server logs each time
// it does, and that line is what this test counts. The folder is looked at again only
// when its commit is due for a check (a minute) or when it is added again on purpose.

const invoice =
  "export function calculateInvoiceTotal(lines: { price: number }[]): number {\n  return lines.reduce((sum, line) => sum + line.price, 0);\n}\n";

let root: string;
let folder: string;
let model: ModelFixture;
let server: ServerProcess;

const hashes = () =>
  server
    .output()
    .split("\n")
    .filter((line) => line.includes("hashed a local folder")).length;
const ask = (stream: "text" | "events") => ({
  repo_url: folder,
  messages: [{ role: "user", content: "How is the invoice total calculated?" }],
  stream,
});
const indexRuns = async () =>
  (await api<{ items: { query: string }[] }>(server.url, "/api/history?kind=index")).body.items
    .length;

async function addFolder(): Promise<{ snapshot_id: string; research_id: string | null }> {
  const added = await api<{ snapshot_id: string; research_id: string | null }>(
    server.url,
    "/api/repos",
    { method: "POST", json: { repo_url: folder } },
  );
  expect([200, 202]).toContain(added.status);
  if (added.body.research_id)
    await waitForStatus(server.url, added.body.research_id, ["completed"], 120_000);
  return added.body;
}

async function commitOf(snapshotId: string): Promise<string> {
  const repos = await api<{ items: { repo_id: string }[] }>(server.url, "/api/repos");
  for (const { repo_id } of repos.body.items) {
    const details = await api<{ snapshots: { snapshot_id: string; commit: string }[] }>(
      server.url,
      `/api/repos/${repo_id}`,
    );
    const found = details.body.snapshots.find((snapshot) => snapshot.snapshot_id === snapshotId);
    if (found) return found.commit;
  }
  throw new Error(`no snapshot ${snapshotId}`);
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "cartograph-roots-"));
  folder = path.join(root, "ledger");
  const files: Record<string, string> = {
    "src/billing/invoice.ts": invoice,
    "README.md": "# Ledger\n",
  };
  for (let n = 0; n < 200; n++) {
    files[`src/module${n % 10}/step${n}.ts`] =
      `export function step${n}(value: number): number {\n  return value + ${n};\n}\n`;
  }
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
    writeFileSync(path.join(folder, file), content);
  }
  model = await new ModelFixture().start();
  server = await startServerProcess({
    env: { CARTOGRAPH_LOCAL_ROOTS: root, OPENAI_BASE_URL: model.url, CHAT_MODEL: "fixture-chat" },
  });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await model?.stop();
});

describe("chats about an indexed plain folder", () => {
  it("never hash the folder: they answer from its indexed commit until it is added again", async () => {
    const first = await addFolder();
    const indexedCommit = await commitOf(first.snapshot_id);
    const hashesAfterIndexing = hashes();
    expect(hashesAfterIndexing).toBeGreaterThan(0);
    const runsAfterIndexing = await indexRuns();

    // A change the chats do not look for: hashing the folder would find a new commit.
    writeFileSync(path.join(folder, "src/billing/tax.ts"), "export const TAX_RATE = 0.2;\n");
    for (let chat = 0; chat < 3; chat++) {
      const answered = await chatOverSocket(server.url, ask("events"));
      expect(answered.code).toBe(1000);
      const events = answered.frames.map((frame) => JSON.parse(frame) as ChatEvent);
      // No indexing progress: the indexed snapshot answered at once.
      expect(events[0]).toMatchObject({ type: "meta", repo: { commit: indexedCommit } });
      expect(events.at(-1)?.type).toBe("done");
    }
    const overHttp = await fetch(`${server.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ask("text")),
    });
    expect(overHttp.status).toBe(200);
    expect(await overHttp.text()).toMatch(/src\/billing\/invoice\.ts:\d+-\d+/);
    const text = await chatOverSocket(server.url, ask("text"));
    expect(text.code).toBe(1000);
    // Nor in the background after them: a moment later the folder is still unread, and
    // a chat still answers from the indexed commit.
    await sleep(1_000);
    const later = await chatOverSocket(server.url, ask("events"));
    expect(JSON.parse(later.frames[0])).toMatchObject({ repo: { commit: indexedCommit } });

    expect(hashes()).toBe(hashesAfterIndexing);
    expect(await indexRuns()).toBe(runsAfterIndexing);

    // Added again on purpose, the folder is hashed now: its new commit is indexed, and
    // the chats after that answer from it.
    const second = await addFolder();
    expect(second.research_id).not.toBeNull();
    expect(hashes()).toBeGreaterThan(hashesAfterIndexing);
    const newCommit = await commitOf(second.snapshot_id);
    expect(newCommit).not.toBe(indexedCommit);
    const hashesAfterRefresh = hashes();
    const after = await chatOverSocket(server.url, ask("events"));
    expect(JSON.parse(after.frames[0])).toMatchObject({
      type: "meta",
      repo: { commit: newCommit },
    });
    expect(hashes()).toBe(hashesAfterRefresh);
  }, 240_000);
});
