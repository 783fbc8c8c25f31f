import { describe, expect, it } from "vitest";
import { LexicalIndex, type SearchDoc } from "./lexical-index";

const DOCS: SearchDoc[] = [
  {
    id: "users-get",
    path: "lib/users/queries.ts",
    symbol: "getUserById",
    text: `export async function getUserById(db: Database, id: string): Promise<User | null> {
  const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return rows[0] ?? null;
}`,
  },
  {
    id: "users-cache",
    path: "lib/users/cache.ts",
    symbol: "UserCache.get",
    text: `  get(id: string): User | undefined {
    // Get the user by id from memory; users expire after a minute.
    const user = this.byId.get(id);
    return user && user.expiresAt > Date.now() ? user : undefined;
  }`,
  },
  {
    id: "users-list",
    path: "lib/users/queries.ts",
    symbol: "listUsers",
    text: `export async function listUsers(db: Database, limit = 50): Promise<User[]> {
  return db.select().from(users).orderBy(desc(users.createdAt)).limit(limit);
}`,
  },
  {
    id: "users-create",
    path: "lib/users/queries.ts",
    symbol: "createUser",
    text: `export async function createUser(db: Database, input: NewUser): Promise<User> {
  const [row] = await db.insert(users).values(input).returning();
  return row;
}`,
  },
  {
    id: "session-read",
    path: "lib/auth/session.ts",
    symbol: "readSession",
    text: `export async function readSession(request: Request): Promise<Session | null> {
  const token = request.headers.get("cookie")?.match(/sid=([^;]+)/)?.[1];
  if (!token) return null;
  return findSessionByToken(token);
}`,
  },
  {
    id: "worker-claim",
    path: "lib/runs/worker.ts",
    symbol: "RunWorker.claimNext",
    text: `  private async claimNext(): Promise<RunRow | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.execute(sql\`select * from runs where state = 'queued' for update skip locked limit 1\`);
      return row ?? null;
    });
  }`,
  },
  {
    id: "worker-heartbeat",
    path: "lib/runs/worker.ts",
    symbol: "RunWorker.heartbeat",
    text: `  private heartbeat(runId: string): void {
    // Renews the lease so another worker does not reclaim a run that is still alive.
    void this.db.update(runs).set({ leaseUntil: new Date(Date.now() + LEASE_MS) }).where(eq(runs.id, runId));
  }`,
  },
  {
    id: "http-parse",
    path: "lib/http/parse-request.ts",
    symbol: "parseHTTPRequest",
    text: `export function parseHTTPRequest(raw: string): ParsedRequest {
  const [head, body] = raw.split("\\r\\n\\r\\n");
  const [requestLine, ...headerLines] = head.split("\\r\\n");
  return { requestLine, headers: parseHeaders(headerLines), body };
}`,
  },
  {
    id: "readme-install",
    path: "README.md",
    symbol: "Install",
    text: "## Install\n\nRun npm ci, then npm run dev. The server listens on port 3000 and stores users in ./data.",
  },
  {
    id: "config-env",
    path: "lib/config/env.ts",
    symbol: "loadEnv",
    text: `export function loadEnv(source = process.env): Env {
  return envSchema.parse({ port: source.PORT, databaseUrl: source.DATABASE_URL });
}`,
  },
  {
    id: "ui-avatar",
    path: "components/users/avatar.tsx",
    symbol: "UserAvatar",
    text: `export function UserAvatar({ user }: { user: User }) {
  return <img src={user.avatarUrl} alt={user.name} className="avatar" />;
}`,
  },
];

describe("LexicalIndex", () => {
  const index = LexicalIndex.build(DOCS);

  it("counts its documents", () => {
    expect(index.size).toBe(11);
  });

  it("ranks the declaration first for its exact identifier", () => {
    expect(index.search("getUserById", 3)[0].id).toBe("users-get");
    expect(index.search("parseHTTPRequest", 3)[0].id).toBe("http-parse");
    expect(index.search("get_user_by_id", 3)[0].id).toBe("users-get");
  });

  it("keeps whole identifiers, so a long definition beats a short near-namesake", () => {
    const body = Array.from({ length: 30 }, (_, i) => `  audit.record("lookup", step${i});`).join(
      "\n",
    );
    const local = LexicalIndex.build([
      {
        id: "definition",
        path: "lib/accounts/lookup.ts",
        symbol: "getUserById",
        text: `export async function getUserById(id: string) {\n${body}\n}`,
      },
      {
        id: "namesake",
        path: "lib/accounts/strict.ts",
        symbol: "getUserOrThrowById",
        text: "export const getUserOrThrowById = (id: string) => cache.get(id) ?? fail(id);",
      },
    ]);
    expect(local.search("getUserById", 2).map((hit) => hit.id)).toEqual(["definition", "namesake"]);
  });

  it("weights symbols: the declaration named for a word beats a body that mentions it", () => {
    const local = LexicalIndex.build([
      {
        id: "mention",
        path: "lib/net/fetch-json.ts",
        symbol: "fetchJson",
        text: "// No backoff here.",
      },
      {
        id: "declaration",
        path: "lib/net/retry.ts",
        symbol: "retryWithBackoff",
        text: "for (let attempt = 0; attempt < max; attempt++) {\n  try {\n    return await task();\n  } catch {\n    await sleep(delay * 2 ** attempt);\n  }\n}",
      },
    ]);
    expect(local.search("backoff", 2).map((hit) => hit.id)).toEqual(["declaration", "mention"]);
  });

  it("finds a function from a question that uses its words", () => {
    expect(index.search("how is the user fetched by id", 3)[0].id).toBe("users-get");
    expect(index.search("which worker claims the next queued run", 3)[0].id).toBe("worker-claim");
    expect(index.search("lease renewal heartbeat", 3)[0].id).toBe("worker-heartbeat");
  });

  it("weights paths: a file name in the query brings up that file's chunks", () => {
    const hits = index.search("session", 10).map((hit) => hit.id);
    expect(hits[0]).toBe("session-read");
    const onWorker = index
      .search("worker.ts", 2)
      .map((hit) => hit.id)
      .sort();
    expect(onWorker).toEqual(["worker-claim", "worker-heartbeat"]);
  });

  it("ranks a file named for the query above a passage that mentions it in passing", () => {
    const local = LexicalIndex.build([
      {
        id: "cart",
        path: "lib/cart/checkout.ts",
        text: "// Builds the invoice for a cart and charges it.\nexport function checkout(cart: Cart) {\n  return charge(cart.total);\n}",
      },
      {
        id: "invoice",
        path: "lib/billing/invoice.ts",
        text: "export function total(lines: Line[]): number {\n  return lines.reduce((sum, line) => sum + line.amount, 0);\n}",
      },
    ]);
    expect(local.search("invoice", 2).map((hit) => hit.id)).toEqual(["invoice", "cart"]);
  });

  it("prefers a symbol match over a body that merely mentions the word", () => {
    // "users" appears in many bodies; the symbol listUsers should still lead.
    expect(index.search("list users", 3)[0].id).toBe("users-list");
    const avatar = index.search("avatar", 3);
    expect(avatar[0].id).toBe("ui-avatar");
    expect(avatar).toHaveLength(1);
  });

  it("returns at most k results, best first, and nothing for empty queries", () => {
    const hits = index.search("user", 2);
    expect(hits).toHaveLength(2);
    expect(hits[0].score).toBeGreaterThanOrEqual(hits[1].score);
    expect(index.search("   ", 5)).toEqual([]);
    expect(index.search("the of and", 5)).toEqual([]);
    expect(index.search("user", 0)).toEqual([]);
  });

  it("round-trips through its bytes", () => {
    const restored = LexicalIndex.fromBuffer(Buffer.from(index.toBuffer()));
    expect(restored.size).toBe(11);
    expect(restored.search("how is the user fetched by id", 5)).toEqual(
      index.search("how is the user fetched by id", 5),
    );
    expect(restored.search("heartbeat", 1)[0].id).toBe("worker-heartbeat");
    expect(() => LexicalIndex.fromBuffer(Buffer.from("something else entirely"))).toThrow(
      /lexical index/,
    );
  });

  it("derives an index for a change: kept documents carried over, changed ones replaced", () => {
    const derived = LexicalIndex.derive(index, {
      keep: (id) => (id === "users-get" || id === "session-read" ? null : `${id}-v2`),
      docs: [
        {
          id: "users-get-v2",
          path: "lib/users/queries.ts",
          symbol: "findAccount",
          text: "renamed",
        },
      ],
    });
    expect(derived.size).toBe(10);
    expect(derived.has("users-get")).toBe(false);
    expect(derived.has("worker-claim-v2")).toBe(true);
    expect(derived.search("getUserById", 3).map((hit) => hit.id)).not.toContain("users-get-v2");
    expect(derived.search("findAccount", 1)[0].id).toBe("users-get-v2");
    expect(derived.search("session", 5).map((hit) => hit.id)).not.toContain("session-read-v2");
    // Carried-over documents rank as they did: same words, same statistics where unchanged.
    expect(derived.search("lease renewal heartbeat", 1)[0].id).toBe("worker-heartbeat-v2");
    const rebuilt = LexicalIndex.build([
      ...DOCS.filter((doc) => doc.id !== "users-get" && doc.id !== "session-read").map((doc) => ({
        ...doc,
        id: `${doc.id}-v2`,
      })),
      { id: "users-get-v2", path: "lib/users/queries.ts", symbol: "findAccount", text: "renamed" },
    ]);
    for (const query of ["list users", "which worker claims the next queued run", "avatar"]) {
      expect(derived.search(query, 5)).toEqual(rebuilt.search(query, 5));
    }
  });

  it("weighs a word by its rarity in the code, so a common word in a path does not win", () => {
    const handlers = Array.from({ length: 12 }, (_, n) => ({
      id: `handler-${n}`,
      path: `handlers/h${n}.go`,
      text: `func serve${n}(w ResponseWriter, r *Request) { write(w, r.URL) } // answers the request`,
    }));
    const index = LexicalIndex.build([
      ...handlers,
      {
        id: "request-id",
        path: "middleware/request_id.go",
        text: "func nextID() uint64 { return counter.Add(1) }",
      },
      {
        id: "throttle",
        path: "middleware/throttle.go",
        text: "// limits how many are processed at once; the rest wait for a token\nfunc Throttle(limit int) {}",
      },
    ]);
    expect(index.search("limit the requests", 1)[0].id).toBe("throttle");
  });
});
