import { eq } from "drizzle-orm";
import { z } from "zod";
import { httpUrlSchema } from "../config/http-url";
import type { Database } from "../db/client";
import { settings } from "../db/schema";
import { AppError } from "../errors";
import type { SecretBox } from "../security/secret-box";

const KEY = "models";

/**
 * What the settings page may change; keys arrive in plain text and are stored sealed.
 * `base_url` is http(s) or "" (the provider's default).
 */
export const modelSettingsInputSchema = z.object({
  base_url: z.literal("").or(httpUrlSchema).optional(),
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

export interface ModelSettingsWrite {
  /** The saved key is gone after this write: asked for, or the base URL moved without a new key. */
  apiKeyCleared: boolean;
}

/**
 * Saves what the settings page sent. The base URL and key are one pair: a key saved for
 * one URL is never sent to another, so a new base URL without a new key drops the saved
 * key. When the environment sets the pair, only the models may change here.
 */
export async function writeModelSettings(
  db: Database,
  box: SecretBox,
  input: ModelSettingsInput,
  options: { connectionFromEnvironment: boolean },
): Promise<ModelSettingsWrite> {
  const changesConnection =
    input.base_url !== undefined || input.api_key !== undefined || input.clear_api_key === true;
  if (options.connectionFromEnvironment && changesConnection) {
    throw new AppError(
      "bad_request:settings",
      "The provider's base URL and API key are set by the server's environment (OPENAI_BASE_URL / OPENAI_API_KEY); only the models can be changed here",
    );
  }
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  const stored = { ...((row?.value ?? {}) as StoredModelSettings) };
  const hadKey = Boolean(stored.sealed_api_key);
  const movesBaseUrl = input.base_url !== undefined && input.base_url !== (stored.base_url ?? "");
  if (input.base_url !== undefined) stored.base_url = input.base_url;
  if (input.chat_model !== undefined) stored.chat_model = input.chat_model;
  if (input.embedding_model !== undefined) stored.embedding_model = input.embedding_model;
  if (input.clear_api_key) delete stored.sealed_api_key;
  else if (input.api_key) stored.sealed_api_key = box.seal(input.api_key);
  else if (movesBaseUrl) delete stored.sealed_api_key;
  await db
    .insert(settings)
    .values({ key: KEY, value: stored })
    .onConflictDoUpdate({ target: settings.key, set: { value: stored, updatedAt: new Date() } });
  return { apiKeyCleared: hadKey && !stored.sealed_api_key };
}
