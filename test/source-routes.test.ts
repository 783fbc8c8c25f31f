import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, waitFor } from "./support/clients";
import { FixtureRepo, lineOf } from "./support/fixture-repo";
import { type ServerProcess, startServerProcess } from "./support/server-process";

// The source viewer's two routes: a file as plain text (`/raw`) and its symbols (`/outline`),
// behind the same guard as every API, and only for files of the snapshot.

const CODE = "letmein";
const auth = { authorization: `Bearer ${CODE}` };

const billing = `export interface LineItem {
  quantity: number;
  unitPrice: number;
}

export class InvoicePrinter {
  format(amount: number): string {
    return amount.toFixed(2);
  }
}

export function calculateInvoiceTotal(items: LineItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}
`;
const page = "<!doctype html><script>alert(document.cookie)</script><h1>Hi</h1>\n";

let server: ServerProcess;
let repo: FixtureRepo;
let repoId: string;
let commit: string;

beforeAll(async () => {
  const fixture = FixtureRepo.inNewRoot("viewer");
  repo = fixture.repo;
  repo.write({
    "src/billing.ts": billing,
    "docs/page.html": page,
    "notes/ünïcode name.md": "# Notes\n",
    ".gitignore": "secret.txt\n",
    "secret.txt": "committed by force, ignored by the index\n",
  });
  commit = repo.commit("first");
  server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
      AUTH_MODE: "access-code",
      ACCESS_CODE: CODE,
    },
  });
  const added = await api<{ repo_id: string; research_id: string | null }>(
    server.url,
    "/api/repos",
    { method: "POST", json: { repo_url: repo.dir }, headers: auth },
  );
  expect(added.status).toBe(202);
  repoId = added.body.repo_id;
  await waitFor(
    async () => {
      const detail = await api<{ snapshots: { status: string }[] }>(
        server.url,
        `/api/repos/${repoId}`,
        { headers: auth },
      );
      return detail.body.snapshots.some((snapshot) => snapshot.status === "ready");
    },
    { timeoutMs: 60_000, what: "the index" },
  );
});

afterAll(async () => {
  await server?.stop();
});

const raw = (query: string, headers: Record<string, string> = auth) =>
  fetch(new URL(`/api/repos/${repoId}/raw?${query}`, server.url), { headers });

describe("GET /api/repos/{id}/raw", () => {
  it("answers a file's exact text as plain text the browser may not sniff, shown inline", async () => {
    const response = await raw("path=src/billing.ts");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-disposition")).toBe(
      `inline; filename="billing.ts"; filename*=UTF-8''billing.ts`,
    );
    expect(await response.text()).toBe(billing);
  });

  it("serves markup as text, never as a page of this origin", async () => {
    const response = await raw("path=docs/page.html");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe(page);
  });

  it("names a file with any characters safely", async () => {
    const response = await raw(`path=${encodeURIComponent("notes/ünïcode name.md")}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      `inline; filename="_n_code name.md"; filename*=UTF-8''${encodeURIComponent("ünïcode name.md")}`,
    );
  });

  it("pins to a commit by its prefix, and 404s a ref that was never indexed", async () => {
    expect((await raw(`path=src/billing.ts&ref=${commit.slice(0, 12)}`)).status).toBe(200);
    const unknown = await raw("path=src/billing.ts&ref=0000000deadbeef");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain("application/json");
  });

  it("404s every path that is not a file of the snapshot, traversal included", async () => {
    for (const bad of [
      "src/missing.ts",
      "../viewer/src/billing.ts",
      "src/../../etc/passwd",
      "/etc/passwd",
      "src/../src/billing.ts",
      "secret.txt",
      "src",
    ]) {
      const response = await raw(`path=${encodeURIComponent(bad)}`);
      expect(response.status, bad).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: "not_found:file" } });
    }
  });

  it("refuses a request without the access code, a missing path and an unknown repository", async () => {
    const anonymous = await raw("path=src/billing.ts", {});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("calculateInvoiceTotal");
    expect((await raw("ref=main")).status).toBe(400);
    expect((await raw("path=a%00b")).status).toBe(400);
    const elsewhere = await fetch(
      new URL("/api/repos/local~nothing/raw?path=src/billing.ts", server.url),
      { headers: auth },
    );
    expect(elsewhere.status).toBe(404);
  });
});

describe("GET /api/repos/{id}/outline", () => {
  const outline = (query: string, headers: Record<string, string> = auth) =>
    api<{
      commit: string;
      path: string;
      symbols: { name: string; kind: string; line: number; exported: boolean }[];
    }>(server.url, `/api/repos/${repoId}/outline?${query}`, { headers });

  it("lists the symbols the index stored for the file, in line order", async () => {
    const found = await outline("path=src/billing.ts");
    expect(found.status).toBe(200);
    expect(found.body.commit).toBe(commit);
    expect(found.body.path).toBe("src/billing.ts");
    const byName = Object.fromEntries(found.body.symbols.map((symbol) => [symbol.name, symbol]));
    expect(byName.InvoicePrinter).toMatchObject({
      kind: "class",
      line: lineOf(billing, "export class InvoicePrinter"),
      exported: true,
    });
    expect(byName.calculateInvoiceTotal).toMatchObject({
      kind: "function",
      line: lineOf(billing, "export function calculateInvoiceTotal"),
    });
    const lines = found.body.symbols.map((symbol) => symbol.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it("404s a path that is not a file of the snapshot, and refuses a request without the code", async () => {
    for (const bad of ["src/missing.ts", "../viewer/src/billing.ts", "/etc/passwd", "secret.txt"]) {
      expect((await outline(`path=${encodeURIComponent(bad)}`)).status, bad).toBe(404);
    }
    expect((await outline("path=src/billing.ts", {})).status).toBe(401);
    expect((await outline("")).status).toBe(400);
  });
});
