// Checks Mermaid diagrams with Mermaid's own parser. It runs in a worker thread because
// Mermaid needs a DOM (a linkedom window here), which must not leak into the server's globals.
import { parentPort } from "node:worker_threads";
import { parseHTML } from "linkedom";

const { window } = parseHTML("<!doctype html><html><body></body></html>");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

parentPort.on("message", async ({ id, code }) => {
  try {
    const parsed = await mermaid.parse(code);
    parentPort.postMessage({ id, ok: true, diagramType: parsed?.diagramType });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ id, ok: false, error: message.slice(0, 500) });
  }
});
