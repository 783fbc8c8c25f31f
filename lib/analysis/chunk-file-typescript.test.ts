import { describe, expect, it } from "vitest";
import { analyzeFile } from "./chunk-file";
import { expectExactChunks, lineOf } from "./chunk-test-support";
import { outlineSource } from "./outline-source";

const SERVICE = `import { randomUUID } from "node:crypto";
import type { Database } from "../db/client";
import * as path from "node:path";
export { formatUser } from "./format";

/** Roles a user can hold. */
export type Role = "admin" | "member";

export interface User {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
}

export enum Status {
  Active = "active",
  Disabled = "disabled",
}

const DEFAULT_LIMIT = 50;

/**
 * Loads users from the database and keeps the ones it has seen in memory.
 * The cache is per instance: one service per request scope.
 */
@Injectable()
export class UserService {
  private readonly cache = new Map<string, User>();
  private hits = 0;

  constructor(private readonly db: Database) {}

  /** Fetches one user by id, from the cache when possible. */
  async getUserById(id: string): Promise<User | null> {
    const cached = this.cache.get(id);
    if (cached) {
      this.hits += 1;
      return cached;
    }
    const rows = await this.db.query("select * from users where id = $1", [id]);
    if (rows.length === 0) {
      return null;
    }
    const user = toUser(rows[0]);
    this.cache.set(id, user);
    return user;
  }

  @Log("list")
  async listUsers(limit = DEFAULT_LIMIT): Promise<User[]> {
    const rows = await this.db.query("select * from users order by created_at limit $1", [
      limit,
    ]);
    const users = rows.map(toUser);
    for (const user of users) {
      this.cache.set(user.id, user);
    }
    return users;
  }

  async createUser(name: string, role: Role = "member"): Promise<User> {
    const user: User = { id: randomUUID(), name, role, createdAt: new Date() };
    await this.db.query("insert into users (id, name, role) values ($1, $2, $3)", [
      user.id,
      user.name,
      user.role,
    ]);
    this.cache.set(user.id, user);
    return user;
  }

  async renameUser(id: string, name: string): Promise<User> {
    const user = await this.getUserById(id);
    if (!user) {
      throw new Error("no such user");
    }
    const renamed = { ...user, name };
    await this.db.query("update users set name = $2 where id = $1", [id, name]);
    this.cache.set(id, renamed);
    return renamed;
  }

  async deleteUser(id: string): Promise<boolean> {
    const result = await this.db.query("delete from users where id = $1", [id]);
    this.cache.delete(id);
    return result.rowCount > 0;
  }

  /**
   * Exports every user as a CSV file next to the database, for the nightly backup.
   * Streams in pages so a large table never sits in memory at once.
   */
  async exportUsers(directory: string): Promise<string> {
    const file = path.join(directory, "users.csv");
    const lines: string[] = ["id,name,role"];
    let offset = 0;
    while (true) {
      const page = await this.db.query("select * from users limit 500 offset $1", [offset]);
      if (page.length === 0) {
        break;
      }
      for (const row of page) {
        const user = toUser(row);
        lines.push([user.id, user.name, user.role].join(","));
      }
      offset += page.length;
    }
    await this.db.writeFile(file, lines.join("\\n"));
    return file;
  }

  get cacheHits(): number {
    return this.hits;
  }

  clearCache = (): void => {
    this.cache.clear();
    this.hits = 0;
  };
}

function toUser(row: Record<string, unknown>): User {
  return {
    id: String(row.id),
    name: String(row.name),
    role: row.role === "admin" ? "admin" : "member",
    createdAt: new Date(String(row.created_at)),
  };
}

export const normalizeName = (name: string): string => {
  // Nested helper: belongs to normalizeName's chunk, not a symbol of its own.
  function collapse(value: string): string {
    return value.replace(/\\s+/g, " ");
  }
  return collapse(name.trim());
};

export default function createUserService(db: Database): UserService {
  return new UserService(db);
}

const loadReports = () => import("./reports");
const legacy = require("./legacy");
export { legacy, toUser as userFromRow };
`;

describe("analyzeFile on TypeScript", () => {
  it("keeps small declarations together and gives each function and method its own chunk", async () => {
    const result = await analyzeFile({
      path: "src/user-service.ts",
      language: "typescript",
      content: SERVICE,
    });
    expect(result.strategy).toBe("syntax");
    expectExactChunks(SERVICE, result.chunks);
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // Imports, a type, an interface, an enum and a constant: all small, one chunk.
      [1, 21, "Role, User, Status, DEFAULT_LIMIT"],
      // The class is too big for one chunk: its header and fields join the one-line constructor.
      [23, 32, "UserService.constructor"],
      [34, 48, "UserService.getUserById"],
      [50, 60, "UserService.listUsers"],
      [62, 71, "UserService.createUser"],
      [73, 82, "UserService.renameUser"],
      // Five lines: a method, not a one-liner, so it is not merged with its neighbours.
      [84, 88, "UserService.deleteUser"],
      [90, 111, "UserService.exportUsers"],
      // A three-line getter between two standalone methods keeps a chunk of its own.
      [113, 115, "UserService.cacheHits"],
      // The class's closing brace is glued to its last method.
      [117, 121, "UserService.clearCache"],
      [123, 130, "toUser"],
      [132, 138, "normalizeName"],
      // One- to three-line helpers and the export list merge.
      [140, 146, "createUserService, loadReports, legacy"],
    ]);
    expect(result.chunks.every((chunk) => chunk.language === "typescript")).toBe(true);
    expect(result.chunks.every((chunk) => chunk.path === "src/user-service.ts")).toBe(true);
  });

  it("never merges a function with the declarations around it", async () => {
    const content = [
      'import { roundCents } from "./money";',
      "",
      "export interface LineItem {",
      "  sku: string;",
      "  quantity: number;",
      "  unitPrice: number;",
      "}",
      "",
      "export function calculateInvoiceTotal(items: LineItem[], taxRate: number): number {",
      "  let subtotal = 0;",
      "  for (const item of items) {",
      "    subtotal += item.quantity * item.unitPrice;",
      "  }",
      "  return roundCents(subtotal * (1 + taxRate));",
      "}",
      "",
      "export class InvoicePrinter {",
      "  constructor(private readonly currency: string) {}",
      "",
      "  format(amount: number): string {",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the sample's own template literal.
      "    return `${amount.toFixed(2)} ${this.currency}`;",
      "  }",
      "}",
      "",
    ].join("\n");
    const result = await analyzeFile({ path: "src/invoice.ts", language: "typescript", content });
    expect(result.strategy).toBe("syntax");
    expectExactChunks(content, result.chunks);
    expect(result.chunks.map((chunk) => [chunk.startLine, chunk.endLine, chunk.symbol])).toEqual([
      // The import is glue: it joins the small interface after it.
      [1, 7, "LineItem"],
      [9, 15, "calculateInvoiceTotal"],
      [17, 23, "InvoicePrinter"],
    ]);
    const total = result.chunks.find((chunk) => chunk.symbol === "calculateInvoiceTotal");
    expect(total?.text.startsWith("export function calculateInvoiceTotal(")).toBe(true);
    expect(total?.text.endsWith("  return roundCents(subtotal * (1 + taxRate));\n}")).toBe(true);
  });

  it("attaches doc comments and decorators to the declaration below them", async () => {
    const outline = await outlineSource("typescript", SERVICE);
    const service = outline?.declarations.find((declaration) => declaration.name === "UserService");
    // The class starts at its JSDoc (line 23), above the decorator, and ends at its brace.
    expect(service?.range).toEqual({ start: 23, end: 121 });
    const member = (name: string) => service?.members.find((entry) => entry.name === name)?.range;
    expect(member("UserService.getUserById")).toEqual({
      start: lineOf(SERVICE, "/** Fetches one user"),
      end: lineOf(SERVICE, "    return user;") + 1,
    });
    expect(member("UserService.listUsers")?.start).toBe(lineOf(SERVICE, '@Log("list")'));
    expect(member("UserService.exportUsers")).toEqual({ start: 90, end: 111 });
    expect(SERVICE.split("\n")[89]).toBe("  /**");
    // A trailing comment on the previous line describes that line, not the next declaration.
    const role = outline?.declarations.find((declaration) => declaration.name === "Role");
    expect(role?.range).toEqual({ start: 6, end: 7 });
  });

  it("reports top-level symbols, methods and what is exported", async () => {
    const { symbols } = await analyzeFile({
      path: "a.ts",
      language: "typescript",
      content: SERVICE,
    });
    const byName = new Map(symbols.map((symbol) => [symbol.name, symbol]));
    expect(byName.get("Role")).toEqual({ name: "Role", kind: "type", line: 7, exported: true });
    expect(byName.get("User")).toMatchObject({ kind: "interface", exported: true });
    expect(byName.get("Status")).toMatchObject({ kind: "enum", exported: true });
    expect(byName.get("DEFAULT_LIMIT")).toMatchObject({ kind: "variable", exported: false });
    expect(byName.get("UserService")).toEqual({
      name: "UserService",
      kind: "class",
      line: lineOf(SERVICE, "export class UserService"),
      exported: true,
    });
    expect(byName.get("UserService.getUserById")).toMatchObject({ kind: "method", line: 35 });
    expect(byName.get("UserService.clearCache")).toMatchObject({ kind: "method" });
    expect(byName.get("normalizeName")).toMatchObject({ kind: "function", exported: true });
    expect(byName.get("createUserService")).toMatchObject({ kind: "function", exported: true });
    expect(byName.get("loadReports")).toMatchObject({ kind: "function", exported: false });
    // Exported under another name by `export { toUser as userFromRow }`.
    expect(byName.get("toUser")).toMatchObject({ kind: "function", exported: true });
    expect(byName.get("legacy")).toMatchObject({ kind: "variable", exported: true });
    // Nested functions belong to their parent's chunk, not the symbol table.
    expect(byName.has("collapse")).toBe(false);
  });

  it("collects static, re-exported, dynamic and required module specifiers in order", async () => {
    const { imports } = await analyzeFile({
      path: "a.ts",
      language: "typescript",
      content: SERVICE,
    });
    expect(imports).toEqual([
      "node:crypto",
      "../db/client",
      "node:path",
      "./format",
      "./reports",
      "./legacy",
    ]);
  });

  it("windows an oversized function and keeps its name on every piece", async () => {
    const cases = Array.from(
      { length: 150 },
      (_, i) => `    case ${i}:\n      return "code-${i}";`,
    );
    const content = [
      'import { log } from "./log";',
      "",
      "export function describeCode(code: number): string {",
      "  switch (code) {",
      ...cases,
      "    default:",
      '      return "unknown";',
      "  }",
      "}",
      "",
    ].join("\n");
    const result = await analyzeFile({ path: "codes.ts", language: "typescript", content });
    expectExactChunks(content, result.chunks, { overlapping: true });
    const pieces = result.chunks.filter((chunk) => chunk.symbol === "describeCode");
    expect(pieces.length).toBe(4);
    expect(result.chunks).toHaveLength(4);
    // The lone import line is too small for a chunk of its own and joins the first piece.
    expect(pieces[0].startLine).toBe(1);
    expect(pieces[0].text.startsWith('import { log } from "./log";\n\nexport function')).toBe(true);
    expect(pieces[pieces.length - 1].endLine).toBe(308);
    for (const [index, piece] of pieces.entries()) {
      expect(piece.endLine - piece.startLine + 1).toBeLessThanOrEqual(index === 0 ? 102 : 100);
      if (index > 0) expect(piece.startLine).toBe(pieces[index - 1].endLine - 9);
    }
  });

  it("falls back to line windows for a file too large to parse", async () => {
    const line = "export const value = 1; // padding to make the line long enough";
    const content = Array.from({ length: 20_000 }, () => line).join("\n");
    const result = await analyzeFile({ path: "huge.ts", language: "typescript", content });
    expect(result.strategy).toBe("lines");
    expectExactChunks(content, result.chunks, { overlapping: true });
    // 78 lines of 64 characters (with newline) fit the 5,000-character window; 15 lines overlap.
    expect(result.chunks[0]).toMatchObject({ startLine: 1, endLine: 78 });
    expect(result.chunks[1]).toMatchObject({ startLine: 64, endLine: 141 });
  });
});
