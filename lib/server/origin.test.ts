import type { IncomingMessage } from "node:http";
import { expect, it } from "vitest";
import { isAllowedOrigin } from "./origin";

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

it("allows the app's own origin, configured extras and non-browser clients only", () => {
  const host = { host: "localhost:3000" };
  expect(isAllowedOrigin(request(host), [])).toBe(true);
  expect(isAllowedOrigin(request({ ...host, origin: "http://localhost:3000" }), [])).toBe(true);
  expect(isAllowedOrigin(request({ ...host, origin: "https://evil.example" }), [])).toBe(false);
  expect(
    isAllowedOrigin(request({ ...host, origin: "https://ok.example" }), ["https://ok.example"]),
  ).toBe(true);
  expect(isAllowedOrigin(request({ ...host, origin: "not a url" }), [])).toBe(false);
});
