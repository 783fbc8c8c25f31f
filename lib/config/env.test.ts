import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./env";

describe("loadConfig", () => {
  it("serves the embedded database on 127.0.0.1:3000 with no variables set", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      DATA_DIR: "./data",
      AUTH_MODE: "none",
      MAX_CONCURRENT_RUNS_PER_USER: 3,
      WIKI_PAGE_CONCURRENCY: 3,
      CARTOGRAPH_LOCAL_ROOTS: [],
      ALLOWED_ORIGINS: [],
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("parses lists and numbers", () => {
    const config = loadConfig({
      PORT: "8080",
      CARTOGRAPH_LOCAL_ROOTS: "/srv/code:/home/me/src",
      ALLOWED_ORIGINS: "https://a.example, https://b.example",
      OPENAI_BASE_URL: "  ",
    });
    expect(config.PORT).toBe(8080);
    expect(config.CARTOGRAPH_LOCAL_ROOTS).toEqual(["/srv/code", "/home/me/src"]);
    expect(config.ALLOWED_ORIGINS).toEqual(["https://a.example", "https://b.example"]);
    expect(config.OPENAI_BASE_URL).toBeUndefined();
  });

  it("reads the webhook settings: private receivers off, 10 s timeout, a backoff schedule", () => {
    expect(loadConfig({})).toMatchObject({
      WEBHOOK_ALLOW_PRIVATE: false,
      WEBHOOK_TIMEOUT_MS: 10_000,
      WEBHOOK_RETRY_DELAYS_MS: [10_000, 60_000, 300_000, 1_800_000, 7_200_000],
    });
    expect(
      loadConfig({ WEBHOOK_ALLOW_PRIVATE: "true", WEBHOOK_RETRY_DELAYS_MS: "100, 200" }),
    ).toMatchObject({ WEBHOOK_ALLOW_PRIVATE: true, WEBHOOK_RETRY_DELAYS_MS: [100, 200] });
    expect(() => loadConfig({ WEBHOOK_RETRY_DELAYS_MS: "10s,1m" })).toThrow(
      /WEBHOOK_RETRY_DELAYS_MS: must be comma-separated milliseconds/,
    );
  });

  it("refuses to bind publicly without authentication", () => {
    expect(() => loadConfig({ HOST: "0.0.0.0" })).toThrow(/AUTH_MODE/);
    expect(
      loadConfig({ HOST: "0.0.0.0", AUTH_MODE: "access-code", ACCESS_CODE: "s3cret" }).HOST,
    ).toBe("0.0.0.0");
  });

  it("names every bad variable in one error", () => {
    try {
      loadConfig({ PORT: "eighty", MAX_CONCURRENT_RUNS_PER_USER: "0" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/MAX_CONCURRENT_RUNS_PER_USER/);
    }
    expect(() => loadConfig({ AUTH_MODE: "access-code" })).toThrow(/ACCESS_CODE/);
    expect(() => loadConfig({ OPENAI_BASE_URL: "file:///etc/passwd" })).toThrow(
      /OPENAI_BASE_URL: must be an http/,
    );
    expect(() => loadConfig({ EMBEDDING_BASE_URL: "ftp://models.example/v1" })).toThrow(
      /EMBEDDING_BASE_URL: must be an http/,
    );
    expect(loadConfig({ OPENAI_BASE_URL: "http://localhost:11434/v1" }).OPENAI_BASE_URL).toBe(
      "http://localhost:11434/v1",
    );
  });

  it("leaves CHAT_CONTEXT_TOKENS unset unless a positive whole number is given", () => {
    expect(loadConfig({}).CHAT_CONTEXT_TOKENS).toBeUndefined();
    expect(loadConfig({ CHAT_CONTEXT_TOKENS: " " }).CHAT_CONTEXT_TOKENS).toBeUndefined();
    expect(loadConfig({ CHAT_CONTEXT_TOKENS: "32768" }).CHAT_CONTEXT_TOKENS).toBe(32_768);
    for (const bad of ["0", "-1", "8k", "1.5"]) {
      expect(() => loadConfig({ CHAT_CONTEXT_TOKENS: bad })).toThrow(/CHAT_CONTEXT_TOKENS/);
    }
  });
});
