import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { settings } from "../db/schema";
import { AppError } from "../errors";
import type { SettingsInput } from "../protocol/settings";
import type { SecretBox } from "../security/secret-box";

const KEY = "models";

/** A provider as stored: its key sealed. */
export interface StoredProvider {
  id: string;
  name?: string;
  base_url?: string;
  sealed_api_key?: string;
  models?: string[];
  context_tokens?: number;
}

/** The `models` row of the `settings` table, a JSON value. */
export interface StoredModelSettings {
  chat_model?: string;
  embedding_model?: string;
  default_provider?: string;
  providers?: StoredProvider[];
  /** Before there were several providers: the `openai` provider's base URL and key. */
  base_url?: string;
  sealed_api_key?: string;
}

/** A provider added (or given models) in Settings, its key opened. */
export interface SavedProvider {
  id: string;
  name?: string;
  baseUrl?: string;
  apiKey?: string;
  models: string[];
  contextTokens?: number;
}

export interface ModelSettings {
  chatModel?: string;
  embeddingModel?: string;
  defaultProvider?: string;
  providers: SavedProvider[];
}

/**
 * The stored settings in today's shape: a row saved when there was one provider holds its
 * base URL and key at the top level; they are the `openai` provider's (rewritten on the
 * next save, so no migration is needed).
 */
export async function readStoredSettings(db: Database): Promise<StoredModelSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  const { base_url, sealed_api_key, ...stored } = (row?.value ?? {}) as StoredModelSettings;
  if (stored.providers === undefined && (base_url || sealed_api_key)) {
    stored.providers = [{ id: "openai", base_url, sealed_api_key }];
  }
  return stored;
}

export async function writeStoredSettings(
  db: Database,
  stored: StoredModelSettings,
): Promise<void> {
  await db
    .insert(settings)
    .values({ key: KEY, value: stored })
    .onConflictDoUpdate({ target: settings.key, set: { value: stored, updatedAt: new Date() } });
}

export async function readModelSettings(db: Database, box: SecretBox): Promise<ModelSettings> {
  const stored = await readStoredSettings(db);
  return {
    chatModel: stored.chat_model || undefined,
    embeddingModel: stored.embedding_model || undefined,
    defaultProvider: stored.default_provider || undefined,
    providers: (stored.providers ?? []).map((entry) => openProvider(entry, box)),
  };
}

export function openProvider(entry: StoredProvider, box: SecretBox): SavedProvider {
  let apiKey: string | undefined;
  try {
    apiKey = entry.sealed_api_key ? box.open(entry.sealed_api_key) : undefined;
  } catch {
    apiKey = undefined; // sealed under another secret: as if never entered
  }
  return {
    id: entry.id,
    name: entry.name || undefined,
    baseUrl: entry.base_url || undefined,
    apiKey,
    models: entry.models ?? [],
    contextTokens: entry.context_tokens,
  };
}

/**
 * Saves the default models and provider; a model the environment sets stays in force
 * over what is saved here. The default provider must be one that is configured.
 */
export async function writeModelSettings(
  db: Database,
  input: SettingsInput,
  options: { providerIds: string[] },
): Promise<void> {
  if (input.default_provider && !options.providerIds.includes(input.default_provider)) {
    throw new AppError(
      "bad_request:settings",
      `No provider ${input.default_provider} is configured; configured: ${options.providerIds.join(", ") || "none"}`,
    );
  }
  const stored = await readStoredSettings(db);
  if (input.chat_model !== undefined) stored.chat_model = input.chat_model;
  if (input.embedding_model !== undefined) stored.embedding_model = input.embedding_model;
  if (input.default_provider !== undefined) stored.default_provider = input.default_provider;
  await writeStoredSettings(db, stored);
}
