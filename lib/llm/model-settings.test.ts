import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../db/client";
import { settings } from "../db/schema";
import { SecretBox } from "../security/secret-box";
import { readModelSettings, writeModelSettings } from "./model-settings";
import { writeProvider } from "./provider-settings";

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

const read = () => readModelSettings(database.db, box);
const rawRow = async () => (await database.db.select().from(settings))[0]?.value;

describe("settings saved when there was one provider", () => {
  beforeEach(async () => {
    await database.db.insert(settings).values({
      key: "models",
      value: {
        base_url: "http://one.test/v1",
        sealed_api_key: box.seal("sk-one"),
        chat_model: "m",
        embedding_model: "e",
      },
    });
  });

  it("read as the openai provider, with the models as before", async () => {
    expect(await read()).toEqual({
      chatModel: "m",
      embeddingModel: "e",
      defaultProvider: undefined,
      providers: [
        {
          id: "openai",
          name: undefined,
          baseUrl: "http://one.test/v1",
          apiKey: "sk-one",
          models: [],
          contextTokens: undefined,
        },
      ],
    });
  });

  it("are rewritten in the new shape on the next save, the key still sealed and still there", async () => {
    await writeProvider(database.db, box, "local", { base_url: "http://two.test/v1" }, undefined);
    const row = (await rawRow()) as Record<string, unknown>;
    expect(row.base_url).toBeUndefined();
    expect(row.sealed_api_key).toBeUndefined();
    expect(JSON.stringify(row)).not.toContain("sk-one");
    expect((await read()).providers.map((entry) => [entry.id, entry.apiKey])).toEqual([
      ["openai", "sk-one"],
      ["local", undefined],
    ]);
  });
});

describe("writeModelSettings", () => {
  it("saves the default models and a configured default provider", async () => {
    await writeModelSettings(
      database.db,
      { chat_model: "c", embedding_model: "e", default_provider: "openrouter" },
      { providerIds: ["openai", "openrouter"] },
    );
    expect(await read()).toMatchObject({
      chatModel: "c",
      embeddingModel: "e",
      defaultProvider: "openrouter",
    });
  });

  it("refuses a default provider that is not configured, naming those that are", async () => {
    await expect(
      writeModelSettings(database.db, { default_provider: "ollama" }, { providerIds: ["openai"] }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/configured: openai/) });
  });

  it("keeps a key that cannot be opened any more out of the settings, as if never entered", async () => {
    await writeProvider(
      database.db,
      box,
      "local",
      { base_url: "http://x.test/v1", api_key: "k" },
      undefined,
    );
    const other = await readModelSettings(database.db, new SecretBox("another-secret"));
    expect(other.providers[0]).toMatchObject({ id: "local", apiKey: undefined });
  });
});
