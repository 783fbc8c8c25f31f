import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../config/env";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { settings } from "../db/schema";
import { providerInputSchema } from "../protocol/settings";
import { SecretBox } from "../security/secret-box";
import { readModelSettings } from "./model-settings";
import { providerToTest, removeProvider, writeProvider } from "./provider-settings";
import { environmentProviders, type Provider, providerFromSettings } from "./providers";

const box = new SecretBox("test-secret");
let database: DatabaseHandle;

beforeAll(async () => {
  database = await openDatabase({});
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.db.delete(settings);
});

const write = (id: string, input: object, inForce?: Provider) =>
  writeProvider(database.db, box, id, providerInputSchema.parse(input), inForce);
const saved = async (id: string) =>
  (await readModelSettings(database.db, box)).providers.find((entry) => entry.id === id);
const fromEnvironment = (env: Record<string, string>) =>
  environmentProviders(loadConfig(env), () => undefined)[0];

describe("writeProvider: a base URL and its key are one pair", () => {
  it("drops the saved key when the base URL changes without a new key, and says so", async () => {
    await write("local", { base_url: "http://one.test/v1", api_key: "sk-one" });
    expect(await write("local", { base_url: "http://two.test/v1" })).toEqual({
      apiKeyCleared: true,
    });
    expect(await saved("local")).toMatchObject({
      baseUrl: "http://two.test/v1",
      apiKey: undefined,
    });
  });

  it("keeps a new key given with the new base URL", async () => {
    await write("local", { base_url: "http://one.test/v1", api_key: "sk-one" });
    expect(await write("local", { base_url: "http://two.test/v1", api_key: "sk-two" })).toEqual({
      apiKeyCleared: false,
    });
    expect(await saved("local")).toMatchObject({ baseUrl: "http://two.test/v1", apiKey: "sk-two" });
  });

  it("keeps the key when the same base URL is saved again or only the models change", async () => {
    await write("local", { base_url: "http://one.test/v1", api_key: "sk-one" });
    await write("local", { base_url: "http://one.test/v1/", models: ["m"] });
    await write("local", { context_tokens: 32_000 });
    expect(await saved("local")).toMatchObject({
      baseUrl: "http://one.test/v1/",
      apiKey: "sk-one",
      models: ["m"],
      contextTokens: 32_000,
    });
  });

  it("takes a built-in name's own base URL when none is given, and keeps the key when that URL is typed out", async () => {
    await write("openrouter", { api_key: "sk-or" });
    await write("openrouter", { base_url: "https://openrouter.ai/api/v1" });
    expect(await saved("openrouter")).toMatchObject({ apiKey: "sk-or" });
  });

  it("refuses a provider without a base URL or one named azure", async () => {
    await expect(write("mine", { api_key: "k" })).rejects.toMatchObject({ status: 400 });
    await expect(
      write("azure", { base_url: "https://x.openai.azure.com", api_key: "k" }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/AZURE_OPENAI_ENDPOINT/),
    });
  });
});

describe("a provider of the environment", () => {
  const openrouter = fromEnvironment({ OPENROUTER_API_KEY: "sk-env" });
  const withModels = fromEnvironment({ OPENROUTER_API_KEY: "sk-env", OPENROUTER_MODELS: "a,b" });

  it("keeps its URL and key: Settings may only add the models and context window it leaves unset", async () => {
    for (const input of [
      { base_url: "http://capture.test/v1" },
      { api_key: "sk-other" },
      { clear_api_key: true },
    ]) {
      await expect(write("openrouter", input, openrouter)).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(/OPENROUTER_API_KEY/),
      });
    }
    await expect(write("openrouter", { models: ["x"] }, withModels)).rejects.toMatchObject({
      status: 400,
    });
    await write("openrouter", { models: ["x"], context_tokens: 64_000 }, openrouter);
    expect(await saved("openrouter")).toEqual({
      id: "openrouter",
      models: ["x"],
      contextTokens: 64_000,
      name: undefined,
      baseUrl: undefined,
      apiKey: undefined,
    });
  });

  it("cannot be removed in Settings", async () => {
    await expect(removeProvider(database.db, "openrouter", openrouter)).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/remove it there/),
    });
  });
});

describe("providerToTest: what Test connection reaches", () => {
  const current = { id: "local", baseUrl: "http://one.test/v1", apiKey: "sk-one", models: [] };

  it("sends the saved key with the saved URL, and never to a URL typed in the form", () => {
    const inForce = providerFromSettings(current) ?? undefined;
    expect(providerToTest("local", {}, inForce, current)).toMatchObject({
      baseUrl: "http://one.test/v1",
      apiKey: "sk-one",
    });
    const typedUrl = providerToTest("local", { base_url: "http://two.test/v1" }, inForce, current);
    expect(typedUrl).toMatchObject({ baseUrl: "http://two.test/v1", apiKey: undefined });
    const typedKey = providerToTest("local", { api_key: "sk-typed" }, inForce, current);
    expect(typedKey).toMatchObject({ baseUrl: "http://one.test/v1", apiKey: "sk-typed" });
  });

  it("answers 404 for a provider that is neither configured nor typed in", () => {
    expect(() => providerToTest("ghost", {}, undefined, undefined)).toThrow(/No provider ghost/);
  });
});

describe("removeProvider", () => {
  it("removes a provider added in Settings", async () => {
    await write("local", { base_url: "http://one.test/v1", api_key: "sk-one" });
    await removeProvider(database.db, "local", undefined);
    expect(await saved("local")).toBeUndefined();
    await expect(removeProvider(database.db, "local", undefined)).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe("providerInputSchema", () => {
  it.each(["ftp://models.test/v1", "javascript:alert(1)", "file:///etc/passwd", "not a url"])(
    "refuses the base URL %s",
    (base_url) => expect(providerInputSchema.safeParse({ base_url }).success).toBe(false),
  );
  it.each(["http://localhost:11434/v1", "https://api.openai.com/v1", ""])(
    "accepts the base URL %j",
    (base_url) => expect(providerInputSchema.safeParse({ base_url }).success).toBe(true),
  );
});
