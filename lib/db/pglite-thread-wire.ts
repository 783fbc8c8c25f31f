// The messages between the server and the embedded database's thread (pglite-thread.mjs),
// and what the server does to a reply to give drizzle what PGlite itself would have.
import type { QueryOptions, Results } from "@electric-sql/pglite";

export type Request =
  | {
      op: "query";
      sql: string;
      params: unknown[];
      rowMode?: "array" | "object";
      /** Types whose values come back as text: the caller's parsers are applied here. */
      raw?: number[];
      paramTypes?: number[];
      tx?: number;
    }
  | { op: "exec"; sql: string; rowMode?: "array" | "object"; tx?: number }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "close" };

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

export type Reply =
  | { ready: true }
  | { ready: false; error: SerializedError }
  | { id: number; result?: unknown; error?: SerializedError };

/** An error from the thread with PGlite's fields (`code`, `detail`, `constraint`…) restored. */
export function restoreError(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  Object.assign(error, serialized.fields);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

type Parsers = NonNullable<QueryOptions["parsers"]>;
/** PGlite calls a parser with the value's type too. */
type Parse = (value: string, type: number) => unknown;

/**
 * Applies the caller's parsers to the values the thread left as text: the same function on
 * the same text as PGlite would have called, so the rows are the same.
 */
export function applyParsers(
  result: Results,
  parsers: Parsers,
  rowMode: QueryOptions["rowMode"],
): void {
  const columns: { index: number; name: string; parse: Parse; type: number }[] = [];
  result.fields.forEach((field, index) => {
    const parse = parsers[field.dataTypeID] as Parse | undefined;
    if (!parse) return;
    // Object rows keep the last column of a repeated name, as PGlite builds them.
    if (rowMode !== "array" && result.fields.some((f, i) => i > index && f.name === field.name))
      return;
    columns.push({ index, name: field.name, parse, type: field.dataTypeID });
  });
  if (columns.length === 0) return;
  for (const row of result.rows as Record<string | number, unknown>[]) {
    for (const column of columns) {
      const key = rowMode === "array" ? column.index : column.name;
      const value = row[key];
      if (value !== null && value !== undefined)
        row[key] = column.parse(value as string, column.type);
    }
  }
}
