import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, ProgressClient } from "./support/clients";
import { FixtureRepo, lineOf } from "./support/fixture-repo";
import { type ServerProcess, startServerProcess } from "./support/server-process";

const billing = `import { roundCents } from "./money";

export interface LineItem {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export function calculateInvoiceTotal(items: LineItem[], taxRate: number): number {
  let subtotal = 0;
  for (const item of items) {
    subtotal += item.quantity * item.unitPrice;
  }
  return roundCents(subtotal * (1 + taxRate));
}

export class InvoicePrinter {
  constructor(private readonly currency: string) {}

  format(amount: number): string {
    return \`\${amount.toFixed(2)} \${this.currency}\`;
  }
}
`;

const net = `export async function retryWithBackoff<T>(operation: () => Promise<T>, attempts: number): Promise<T> {
  let delay = 100;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}
`;

const checkout = `import { retryWithBackoff } from "./net";
import { calculateInvoiceTotal } from "./billing";

export async function checkout(order: Order, gateway: Gateway) {
  const total = calculateInvoiceTotal(order.items, order.taxRate);
  // keep trying the flaky payment gateway until it answers
  return retryWithBackoff(() => gateway.charge(order.customer, total), 5);
}
`;

const python = `import os
from dataclasses import dataclass


@dataclass
class Settings:
    database_url: str


def load_settings_from_environment() -> Settings:
    """Read the service settings from environment variables."""
    return Settings(database_url=os.environ.get("DATABASE_URL", "sqlite://"))
`;

const TOKEN = "tok_S3CRET_do_not_leak_9f8e7d";

let server: ServerProcess;
let repo: FixtureRepo;
let allowedRoot: string;
let repoId: string;
let firstCommit: string;

async function addAndWait(body: Record<string, unknown>) {
  const added = await api<{ repo_id: string; snapshot_id: string; research_id: string | null }>(
    server.url,
    "/api/repos",
    { method: "POST", json: body },
  );
  if (added.body.research_id) {
    const client = new ProgressClient(server.url);
    try {
      await client.connected();
      await client.subscribe({ research_id: added.body.research_id });
      const events = await client.waitForFinal(added.body.research_id, 60_000);
      return { ...added, events };
    } finally {
      client.close();
    }
  }
  return { ...added, events: [] };
}

beforeAll(async () => {
  ({ allowedRoot, repo } = FixtureRepo.inNewRoot("shop"));
  repo.write({
    "src/billing.ts": billing,
    "src/net.ts": net,
    "src/checkout.ts": checkout,
    "src/money.ts": "export const roundCents = (value: number) => Math.round(value * 100) / 100;\n",
    "app/settings.py": python,
    "README.md":
      "# Shop\n\nA tiny shop.\n\n## Billing\n\nInvoices are totalled in src/billing.ts.\n",
    ".gitignore": "secrets.txt\n",
    "secrets.txt": "ignored but committed by force\n",
    "node_modules/left-pad/index.js": "module.exports = () => 'pad';\n",
    "package-lock.json": "{}\n",
    "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]),
    "dist/bundle.min.js": "var a=1;",
  });
  firstCommit = repo.commit("first");
  server = await startServerProcess({ env: { CARTOGRAPH_LOCAL_ROOTS: allowedRoot } });
});

afterAll(async () => {
  await server?.stop();
});

describe("a local repository under an allowed root", () => {
  it("is indexed as a run whose events carry real steps", async () => {
    const added = await addAndWait({ repo_url: repo.dir, token: TOKEN });
    expect(added.status).toBe(202);
    repoId = added.body.repo_id;
    expect(repoId).toMatch(/^[A-Za-z0-9._~-]+$/);
    const last = added.events.at(-1)!;
    expect(last).toMatchObject({ status: "completed", kind: "index", progress: 100 });
    expect(last.steps).toEqual({ done: 7, total: 7 });
    const steps = added.events.filter((event) => event.steps).map((event) => event.steps!.done);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));

    const details = await api<{
      snapshots: {
        commit: string;
        status: string;
        file_count: number;
        skipped: Record<string, number>;
      }[];
    }>(server.url, `/api/repos/${repoId}`);
    expect(details.body.snapshots[0]).toMatchObject({
      commit: firstCommit,
      status: "ready",
      file_count: 7,
    });
    // The 5 other files of the commit, each with why it was left out: the same count the
    // index's last log line gives.
    expect(details.body.snapshots[0].skipped).toEqual({
      "dependency, build or VCS folder": 2,
      lockfile: 1,
      binary: 1,
      ".gitignore": 1,
    });
    const done = added.events.find((event) => event.log_entry?.message.startsWith("Indexed "));
    expect(done?.log_entry?.metadata).toMatchObject({
      summary: { listed: 12, files: 7, parsed: 7, reused: 0 },
    });
  });

  it("lists exactly the files the walk keeps", async () => {
    const tree = await api<{ commit: string; files: { path: string; language: string }[] }>(
      server.url,
      `/api/repos/${repoId}/tree`,
    );
    expect(tree.body.commit).toBe(firstCommit);
    expect(tree.body.files.map((file) => file.path).sort()).toEqual([
      ".gitignore",
      "README.md",
      "app/settings.py",
      "src/billing.ts",
      "src/checkout.ts",
      "src/money.ts",
      "src/net.ts",
    ]);
    expect(tree.body.files.find((file) => file.path === "app/settings.py")?.language).toBe(
      "python",
    );
  });

  it("finds a function by its exact identifier with its line range", async () => {
    const found = await api<{
      results: { path: string; start_line: number; end_line: number; symbol?: string }[];
    }>(server.url, `/api/repos/${repoId}/search?q=calculateInvoiceTotal&k=5`);
    const hit = found.body.results.find((result) => result.path === "src/billing.ts");
    expect(found.body.results[0].path).toBe("src/billing.ts");
    expect(hit!.start_line).toBeLessThanOrEqual(
      lineOf(billing, "export function calculateInvoiceTotal"),
    );
    expect(hit!.end_line).toBeGreaterThanOrEqual(lineOf(billing, "return roundCents"));
    expect(hit!.end_line).toBeLessThan(lineOf(billing, "export class InvoicePrinter"));
  });

  it("finds a function by its callers' words, not its name", async () => {
    const found = await api<{ results: { path: string; symbol?: string }[] }>(
      server.url,
      `/api/repos/${repoId}/search?${new URLSearchParams({ q: "keep trying the flaky gateway until it answers", k: "5" })}`,
    );
    expect(found.body.results.map((result) => result.path)).toContain("src/net.ts");
    const python = await api<{ results: { path: string }[] }>(
      server.url,
      `/api/repos/${repoId}/search?${new URLSearchParams({ q: "read configuration from env vars", k: "3" })}`,
    );
    expect(python.body.results[0].path).toBe("app/settings.py");
  });

  it("returns a file's exact bytes and 404s paths outside the snapshot", async () => {
    const file = await api<{ content: string; language: string; commit: string }>(
      server.url,
      `/api/repos/${repoId}/file?path=src/billing.ts`,
    );
    expect(file.body.content).toBe(readFileSync(path.join(repo.dir, "src/billing.ts"), "utf8"));
    expect(file.body.commit).toBe(firstCommit);
    for (const bad of [
      "../shop/src/billing.ts",
      "src/../../etc/passwd",
      "/etc/passwd",
      "secrets.txt",
      "node_modules/left-pad/index.js",
    ]) {
      const response = await api(
        server.url,
        `/api/repos/${repoId}/file?path=${encodeURIComponent(bad)}`,
      );
      expect(response.status).toBe(404);
    }
  });

  it("does nothing for the same commit again, and re-parses only changed files for a new one", async () => {
    const again = await addAndWait({ repo_url: repo.dir });
    expect(again.status).toBe(200);
    expect(again.body.research_id).toBeNull();

    repo.write({
      "src/money.ts":
        "export const roundCents = (value: number) => Math.round(value * 100 + Number.EPSILON) / 100;\n",
      "app/settings.py": `${python}\n\ndef describe() -> str:\n    return "settings"\n`,
    });
    const second = repo.commit("second");
    const update = await addAndWait({ repo_url: `file://${repo.dir}` });
    expect(update.status).toBe(202);
    expect(update.body.repo_id).toBe(repoId);
    const parsedLogs = update.events.filter((event) =>
      event.log_entry?.message.startsWith("Parsed "),
    );
    const parsed = parsedLogs.flatMap((event) => event.log_entry!.metadata.parsed as string[]);
    expect(parsed.sort()).toEqual(["app/settings.py", "src/money.ts"]);
    expect(parsedLogs.map((event) => event.log_entry!.message)).toEqual([
      "Parsed 2 new or changed file(s)",
    ]);
    const messages = update.events.flatMap((event) => event.log_entry?.message ?? []);
    expect(messages).toContain(
      `Reused 5 unchanged file(s) of ${firstCommit.slice(0, 10)}; 2 new or changed`,
    );
    // The files the commit has beyond the 7 indexed are said with their reasons.
    expect(messages.find((message) => message.startsWith("Indexed "))).toMatch(
      /^Indexed 7 files into \d+ chunks: 2 parsed, 5 reused \(5 unchanged since [0-9a-f]{10}\); 5 skipped: /,
    );
    const search = await api<{ commit: string; results: { path: string }[] }>(
      server.url,
      `/api/repos/${repoId}/search?q=calculateInvoiceTotal`,
    );
    expect(search.body.commit).toBe(second);
    expect(search.body.results[0].path).toBe("src/billing.ts");
    const old = await api<{ commit: string }>(
      server.url,
      `/api/repos/${repoId}/search?q=describe&ref=${firstCommit}`,
    );
    expect(old.body.commit).toBe(firstCommit);
  });
});

describe("forbidden sources are refused before anything is read", () => {
  it.each([
    ["a path outside the allowed roots", "/tmp", /not under an allowed local root/],
    ["file:///etc", "file:///etc", /not under an allowed local root/],
    ["an http:// URL", "http://github.com/octo/repo", /Only https/],
    ["loopback", "https://127.0.0.1/octo/repo", /private or local address/],
    ["link-local metadata", "https://169.254.169.254/latest/meta-data", /private or local address/],
    ["IPv6 loopback", "https://[::1]/octo/repo", /private or local address/],
    [
      "shell metacharacters",
      "https://github.com/octo/repo;rm -rf /",
      /spaces or control|not allowed/,
    ],
    ["command substitution", "https://github.com/octo/$(id)", /not allowed/],
    ["credentials in the URL", "https://user:pw@github.com/octo/repo", /token field/],
    ["an ssh URL", "ssh://git@github.com/octo/repo", /Only https/],
    [
      "a missing folder outside the roots",
      "/definitely/not/here",
      /not under an allowed local root/,
    ],
  ])("%s → 400", async (_name, url, message) => {
    const response = await api<{ error: { code: string; message: string } }>(
      server.url,
      "/api/repos",
      {
        method: "POST",
        json: { repo_url: url },
      },
    );
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });

  it("rejects bad refs and bodies", async () => {
    for (const body of [
      { repo_url: repo.dir, ref: "--upload-pack=touch /tmp/x" },
      { repo_url: 7 },
      {},
    ]) {
      const response = await api(server.url, "/api/repos", { method: "POST", json: body });
      expect(response.status).toBe(400);
    }
  });

  it("cloned nothing and keeps serving", async () => {
    const cache = path.join(server.dataDir, "repos");
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
    expect((await api(server.url, "/health")).status).toBe(200);
  });
});

describe("an access token", () => {
  it("appears in no response, log line, process listing or database row", async () => {
    const seen: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        seen.push(execFileSync("ps", ["-eww", "e", "-o", "args="], { encoding: "utf8" }));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    repo.write({ "src/extra.ts": "export const extra = 1;\n" });
    repo.commit("third");
    const added = await addAndWait({ repo_url: repo.dir, token: TOKEN });
    watching = false;
    await watcher;
    expect(added.status).toBe(202);
    expect(seen.join("\n")).not.toContain(TOKEN);

    const responses = await Promise.all(
      [
        "/api/repos",
        `/api/repos/${repoId}`,
        "/api/history",
        `/api/research/${added.body.research_id}/status`,
        `/api/research/${added.body.research_id}/logs?limit=1000`,
      ].map(async (pathname) => JSON.stringify((await api(server.url, pathname)).body)),
    );
    for (const body of responses) expect(body).not.toContain(TOKEN);
    expect(JSON.stringify(added)).not.toContain(TOKEN);
    expect(server.output()).not.toContain(TOKEN);
  });
});

describe("the database after all of it", () => {
  it("holds no access token in any row", async () => {
    await server.stop();
    const { openDatabase, queryRows } = await import("../lib/db/client");
    const { sql } = await import("drizzle-orm");
    const database = await openDatabase({
      databaseUrl: server.databaseUrl,
      dataDir: server.dataDir,
    });
    try {
      const tables = await queryRows<{ table_name: string }>(
        database.db,
        sql`select table_name from information_schema.tables where table_schema = 'public'`,
      );
      expect(tables.length).toBeGreaterThan(5);
      let rows = 0;
      for (const { table_name } of tables) {
        const dump = await queryRows(
          database.db,
          sql.raw(`select row_to_json(t)::text as row from "${table_name}" t`),
        );
        rows += dump.length;
        expect(JSON.stringify(dump)).not.toContain(TOKEN);
      }
      expect(rows).toBeGreaterThan(20);
    } finally {
      await database.close();
    }
  });
});
