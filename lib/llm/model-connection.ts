import type { AppConfig } from "../config/env";

/** Where model calls go and the key they carry; no base URL means the provider's default. */
export interface ModelConnection {
  baseUrl?: string;
  apiKey?: string;
}

export interface ModelConnections {
  chat: ModelConnection;
  embedding: ModelConnection;
  /** The chat pair is the environment's: Settings may change the models only. */
  chatFromEnvironment: boolean;
}

type ConnectionConfig = Pick<
  AppConfig,
  "OPENAI_BASE_URL" | "OPENAI_API_KEY" | "EMBEDDING_BASE_URL" | "EMBEDDING_API_KEY"
>;

/**
 * A key goes only where its operator sent it, so a base URL and its key always travel
 * as one pair from one source, never mixed: the environment's pair when the environment
 * sets either half, else the pair saved in Settings (for the `openai` provider). Embeddings use EMBEDDING_BASE_URL
 * with EMBEDDING_API_KEY when either is set (the chat key only when that URL is the
 * chat URL itself), else the chat pair.
 */
export function resolveModelConnections(
  env: ConnectionConfig,
  /** The `openai` provider as saved in Settings. */
  saved: ModelConnection,
): ModelConnections {
  const chatFromEnvironment = Boolean(env.OPENAI_BASE_URL || env.OPENAI_API_KEY);
  const chat: ModelConnection = chatFromEnvironment
    ? { baseUrl: env.OPENAI_BASE_URL, apiKey: env.OPENAI_API_KEY }
    : { baseUrl: saved.baseUrl, apiKey: saved.apiKey };
  if (!env.EMBEDDING_BASE_URL && !env.EMBEDDING_API_KEY) {
    return { chat, embedding: chat, chatFromEnvironment };
  }
  const sameAsChat =
    chatFromEnvironment &&
    env.EMBEDDING_BASE_URL !== undefined &&
    sameBaseUrl(env.EMBEDDING_BASE_URL, env.OPENAI_BASE_URL);
  const embedding: ModelConnection = {
    baseUrl: env.EMBEDDING_BASE_URL,
    apiKey: env.EMBEDDING_API_KEY ?? (sameAsChat ? env.OPENAI_API_KEY : undefined),
  };
  return { chat, embedding, chatFromEnvironment };
}

/** Equal up to a trailing slash: `…/v1` and `…/v1/` are one endpoint. */
export function sameBaseUrl(a: string | undefined, b: string | undefined): boolean {
  const normalise = (url: string | undefined) => (url ?? "").trim().replace(/\/+$/, "");
  return normalise(a) === normalise(b);
}
