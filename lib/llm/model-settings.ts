import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { settings } from "../db/schema";
import type { SecretBox } from "../security/secret-box";

const KEY = "models";

/** What the settings page may change; keys arrive in plain text and are stored sealed. */
export const modelSettingsInputSchema = z.object({
  base_url: z.string().url().max(500).optional().or(z.literal("")),
  api_key: z.string().max(500).optional(),
  clear_api_key: z.boolean().optional(),
  chat_model: z.string().max(200).optional().or(z.literal("")),
  embedding_model: z.string().max(200).optional().or(z.literal("")),
});
export type ModelSettingsInput = z.infer<typeof modelSettingsInputSchema>;

interface StoredModelSettings {
  base_url?: string;
  sealed_api_key?: string;
  chat_model?: string;
  embedding_model?: string;
}

export interface ModelSettings {
  baseUrl?: string;
  apiKey?: string;
  chatModel?: string;
  embeddingModel?: string;
}

export async function readModelSettings(db: Database, box: SecretBox): Promise<ModelSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  const stored = (row?.value ?? {}) as StoredModelSettings;
  let apiKey: string | undefined;
  try {
    apiKey = stored.sealed_api_key ? box.open(stored.sealed_api_key) : undefined;
  } catch {
    apiKey = undefined; // sealed under another secret: as if never entered
  }
  return {
    baseUrl: stored.base_url || undefined,
    apiKey,
    chatModel: stored.chat_model || undefined,
    embeddingModel: stored.embedding_model || undefined,
  };
}

export async function writeModelSettings(
  db: Database,
  box: SecretBox,
  input: ModelSettingsInput,
): Promise<void> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  const stored = { ...((row?.value ?? {}) as StoredModelSettings) };
  if (input.base_url !== undefined) stored.base_url = input.base_url;
  if (input.chat_model !== undefined) stored.chat_model = input.chat_model;
  if (input.embedding_model !== undefined) stored.embedding_model = input.embedding_model;
  if (input.clear_api_key) delete stored.sealed_api_key;
  else if (input.api_key) stored.sealed_api_key = box.seal(input.api_key);
  await db
    .insert(settings)
    .values({ key: KEY, value: stored })
    .onConflictDoUpdate({ target: settings.key, set: { value: stored, updatedAt: new Date() } });
}
