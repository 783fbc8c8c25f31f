import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { settings } from "../db/schema";
import { SecretBox } from "../security/secret-box";
import { modelSettingsInputSchema, readModelSettings, writeModelSettings } from "./model-settings";

const box = new SecretBox("test-secret");
const fromSettings = { connectionFromEnvironment: false };
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

const write = (input: object, options = fromSettings) =>
  writeModelSettings(database.db, box, modelSettingsInputSchema.parse(input), options);
const read = () => readModelSettings(database.db, box);

describe("writeModelSettings: the base URL and key are one pair", () => {
  it("drops the saved key when the base URL changes without a new key, and says so", async () => {
    await write({ base_url: "http://one.test/v1", api_key: "sk-one" });
    expect(await write({ base_url: "http://two.test/v1" })).toEqual({ apiKeyCleared: true });
    expect(await read()).toMatchObject({ baseUrl: "http://two.test/v1", apiKey: undefined });
  });

  it("keeps a new key given with the new base URL", async () => {
    await write({ base_url: "http://one.test/v1", api_key: "sk-one" });
    expect(await write({ base_url: "http://two.test/v1", api_key: "sk-two" })).toEqual({
      apiKeyCleared: false,
    });
    expect(await read()).toMatchObject({ baseUrl: "http://two.test/v1", apiKey: "sk-two" });
  });

  it("keeps the key when the same base URL is saved again or only models change", async () => {
    await write({ base_url: "http://one.test/v1", api_key: "sk-one" });
    await write({ base_url: "http://one.test/v1", chat_model: "m" });
    await write({ embedding_model: "e" });
    expect(await read()).toMatchObject({ baseUrl: "http://one.test/v1", apiKey: "sk-one" });
  });

  it("refuses to change the pair when the environment sets it, but saves models", async () => {
    const fromEnvironment = { connectionFromEnvironment: true };
    for (const input of [{ base_url: "http://capture.test/v1" }, { api_key: "sk-x" }]) {
      await expect(write(input, fromEnvironment)).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(/set by the server's environment/),
      });
    }
    await write({ chat_model: "env-locked-but-model-free" }, fromEnvironment);
    expect(await read()).toEqual({
      baseUrl: undefined,
      apiKey: undefined,
      chatModel: "env-locked-but-model-free",
      embeddingModel: undefined,
    });
  });
});

describe("modelSettingsInputSchema", () => {
  it.each(["ftp://models.test/v1", "javascript:alert(1)", "file:///etc/passwd", "not a url"])(
    "refuses the base URL %s",
    (base_url) => expect(modelSettingsInputSchema.safeParse({ base_url }).success).toBe(false),
  );
  it.each(["http://localhost:11434/v1", "https://api.openai.com/v1", ""])(
    "accepts the base URL %j",
    (base_url) => expect(modelSettingsInputSchema.safeParse({ base_url }).success).toBe(true),
  );
});
