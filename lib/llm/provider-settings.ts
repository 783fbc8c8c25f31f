import type { Database } from "../db/client";
import { AppError } from "../errors";
import type { ProviderInput, ProviderTestInput } from "../protocol/settings";
import type { SecretBox } from "../security/secret-box";
import { sameBaseUrl } from "./model-connection";
import {
  openProvider,
  readStoredSettings,
  type SavedProvider,
  type StoredProvider,
  writeStoredSettings,
} from "./model-settings";
import { defaultBaseUrlOf, type Provider, providerFromSettings } from "./providers";

export interface ProviderWrite {
  /** The saved key is gone after this write: asked for, or the base URL moved without a new key. */
  apiKeyCleared: boolean;
}

/**
 * Adds or edits a provider in Settings. Its base URL and key are one pair: a new base URL
 * without a new key drops the saved key, so a key is never sent to another URL than the
 * one it was saved with. A provider the environment configures keeps its URL and key;
 * only the models and context window the environment leaves unset may be saved for it.
 */
export async function writeProvider(
  db: Database,
  box: SecretBox,
  id: string,
  input: ProviderInput,
  inForce: Provider | undefined,
): Promise<ProviderWrite> {
  if (inForce?.fromEnvironment.connection) assertEnvironmentAllows(inForce, input);
  const stored = await readStoredSettings(db);
  const providers = stored.providers ?? [];
  const index = providers.findIndex((entry) => entry.id === id);
  const current = index >= 0 ? openProvider(providers[index], box) : undefined;
  const edited = editedProvider(id, current, input, {
    environment: Boolean(inForce?.fromEnvironment.connection),
  });
  const sealed = sealProvider(edited, box);
  if (index >= 0) providers[index] = sealed;
  else providers.push(sealed);
  await writeStoredSettings(db, { ...stored, providers });
  return { apiKeyCleared: Boolean(current?.apiKey) && !edited.apiKey };
}

/** Removes a provider added in Settings; the default provider falls back when it was that one. */
export async function removeProvider(
  db: Database,
  id: string,
  inForce: Provider | undefined,
): Promise<void> {
  if (inForce?.fromEnvironment.connection) {
    throw new AppError(
      "bad_request:settings",
      `The provider ${id} is configured by the server's environment (${inForce.variables}); remove it there`,
    );
  }
  const stored = await readStoredSettings(db);
  const providers = stored.providers ?? [];
  if (!providers.some((entry) => entry.id === id)) {
    throw new AppError("not_found:provider", `No provider ${id} was added in Settings`);
  }
  await writeStoredSettings(db, {
    ...stored,
    providers: providers.filter((entry) => entry.id !== id),
    default_provider: stored.default_provider === id ? undefined : stored.default_provider,
  });
}

/**
 * The provider a Test connection reaches: as in force, or with the base URL and key typed
 * into the form, under the same pairing rules as saving them.
 */
export function providerToTest(
  id: string,
  input: ProviderTestInput,
  inForce: Provider | undefined,
  saved: SavedProvider | undefined,
): Provider {
  const edits = input.base_url !== undefined || Boolean(input.api_key);
  if (!edits) {
    if (!inForce) throw new AppError("not_found:provider", `No provider ${id} is configured`);
    return inForce;
  }
  if (inForce?.fromEnvironment.connection) assertEnvironmentAllows(inForce, input);
  const provider = providerFromSettings(editedProvider(id, saved, input, { environment: false }));
  if (!provider) throw new AppError("bad_request:settings", `The provider ${id} needs a base URL`);
  return provider;
}

/** The saved entry after an edit; pure, so saving and testing apply the same rules. */
function editedProvider(
  id: string,
  current: SavedProvider | undefined,
  input: ProviderInput,
  options: { environment: boolean },
): SavedProvider {
  const edited: SavedProvider = { ...(current ?? { id, models: [] }) };
  if (input.name !== undefined) edited.name = input.name || undefined;
  if (input.base_url !== undefined) edited.baseUrl = input.base_url || undefined;
  if (input.models !== undefined) edited.models = input.models;
  if (input.context_tokens !== undefined) edited.contextTokens = input.context_tokens ?? undefined;
  const movedFrom = current?.baseUrl || defaultBaseUrlOf(id);
  const movesBaseUrl = !sameBaseUrl(edited.baseUrl || defaultBaseUrlOf(id), movedFrom);
  if (input.clear_api_key) edited.apiKey = undefined;
  else if (input.api_key) edited.apiKey = input.api_key;
  else if (movesBaseUrl) edited.apiKey = undefined;
  // A provider of the environment keeps its own URL and key; only its models are saved.
  if (options.environment)
    return { id, models: edited.models, contextTokens: edited.contextTokens };
  if (id === "azure") {
    throw new AppError(
      "bad_request:settings",
      "The azure provider is configured by the server's environment (AZURE_OPENAI_API_KEY, AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_VERSION)",
    );
  }
  if (!edited.baseUrl && !defaultBaseUrlOf(id)) {
    throw new AppError("bad_request:settings", `The provider ${id} needs a base URL`);
  }
  return edited;
}

function assertEnvironmentAllows(provider: Provider, input: ProviderInput): void {
  const connection =
    input.base_url !== undefined ||
    Boolean(input.api_key) ||
    input.clear_api_key === true ||
    input.name !== undefined;
  const fixed =
    connection ||
    (input.models !== undefined && provider.fromEnvironment.models) ||
    (input.context_tokens !== undefined && provider.fromEnvironment.contextTokens);
  if (fixed) {
    throw new AppError(
      "bad_request:settings",
      `The provider ${provider.id} is set by the server's environment (${provider.variables}); only the models and context window it leaves unset can be changed here`,
    );
  }
}

function sealProvider(provider: SavedProvider, box: SecretBox): StoredProvider {
  return {
    id: provider.id,
    ...(provider.name ? { name: provider.name } : {}),
    ...(provider.baseUrl ? { base_url: provider.baseUrl } : {}),
    ...(provider.apiKey ? { sealed_api_key: box.seal(provider.apiKey) } : {}),
    ...(provider.models.length > 0 ? { models: provider.models } : {}),
    ...(provider.contextTokens ? { context_tokens: provider.contextTokens } : {}),
  };
}
