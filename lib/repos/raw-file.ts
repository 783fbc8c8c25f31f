/**
 * The headers of a file served raw: plain UTF-8 text the browser must not sniff into
 * anything else (an indexed `.html` or `.svg` is shown as text, never run as a page of
 * this origin), shown in the tab (inline) under its own name.
 */
export function rawFileHeaders(path: string): Record<string, string> {
  const name = path.slice(path.lastIndexOf("/") + 1) || "file";
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return {
    "content-type": "text/plain; charset=utf-8",
    "x-content-type-options": "nosniff",
    "content-disposition": `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "cache-control": "private, no-cache",
  };
}
