/**
 * Postgres cannot store NUL in text or JSON, nor a UTF-16 surrogate without its pair, and
 * such input is never meaningful: it is refused where input enters (the schema boundary)
 * instead of failing deep in a query. Returns the path of the first bad string, or null.
 */
export function findUnstorableString(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return isStorable(value) ? null : path.join(".") || "value";
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnstorableString(value[index], [...path, String(index)]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if (!isStorable(key)) return [...path, "(key)"].join(".");
      const found = findUnstorableString(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorable(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}
