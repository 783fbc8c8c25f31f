import { z } from "zod";
import { commaList, optionalPositiveInt, optionalString, positiveInt } from "./env-values";
import { httpUrlSchema } from "./http-url";
import { providerEnvironmentShape, refineProviderEnvironment } from "./provider-env";

/** The environment of PROTOCOLS.md section 7, plus the operational knobs tests need. */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    DATA_DIR: z.string().default("./data"),
    DATABASE_URL: optionalString,
    CARTOGRAPH_LOCAL_ROOTS: z
      .string()
      .optional()
      .transform((value) => (value ?? "").split(":").filter(Boolean)),
    /** Lets repository URLs resolve to private or local addresses (a LAN GitLab). */
    CARTOGRAPH_ALLOW_PRIVATE_HOSTS: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((value) => value === "true" || value === "1"),
    /** Lets webhook URLs resolve to private or local addresses (a receiver on the LAN, tests). */
    WEBHOOK_ALLOW_PRIVATE: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((value) => value === "true" || value === "1"),
    /** Waits before each retry of a webhook delivery; it gets one attempt more than there are waits. */
    WEBHOOK_RETRY_DELAYS_MS: z
      .string()
      .optional()
      .transform((value) => (value?.trim() ? value : "10000,60000,300000,1800000,7200000"))
      .pipe(
        z
          .string()
          .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "must be comma-separated milliseconds")
          .transform((value) => value.split(",").map((item) => Number(item.trim()))),
      ),
    /** A receiver that has not answered within this is a failed attempt. */
    WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
    /** Files larger than this are left out of the index. */
    MAX_FILE_BYTES: positiveInt(1_000_000),
    /** Where OPENAI_API_KEY (and only it) is sent; http(s) only. */
    OPENAI_BASE_URL: optionalString.pipe(httpUrlSchema.optional()),
    OPENAI_API_KEY: optionalString,
    CHAT_MODEL: optionalString,
    /** The context window a conversation is fitted into, unless its provider sets one. */
    CHAT_CONTEXT_TOKENS: optionalPositiveInt,
    ...providerEnvironmentShape,
    EMBEDDING_MODEL: optionalString,
    /** Where EMBEDDING_API_KEY (and only it) is sent; http(s) only. */
    EMBEDDING_BASE_URL: optionalString.pipe(httpUrlSchema.optional()),
    EMBEDDING_API_KEY: optionalString,
    /**
     * `on`: before Ask and quick research search, the chat model turns the question into
     * likely identifiers and terms, searched with the question (lib/search/query-rewrite.ts).
     */
    QUERY_REWRITE: z.enum(["on", "off"]).default("off"),
    CARTOGRAPH_SECRET: optionalString,
    ALLOWED_ORIGINS: commaList,
    AUTH_MODE: z.enum(["none", "access-code", "accounts"]).optional(),
    ACCESS_CODE: optionalString,
    /** With AUTH_MODE=accounts: unset is `open` for the first account, then `invite`. */
    SIGNUP: z.enum(["open", "invite", "closed"]).optional(),
    /**
     * `deepwiki`: under access-code, DeepWiki's surface (its reads, chat and storing a wiki)
     * follows DeepWiki's own rules, open to allowed hosts and origins; deleting needs the code.
     */
    DEEPWIKI_CLIENT_AUTH: z.enum(["deepwiki"]).optional(),
    MAX_CONCURRENT_RUNS_PER_USER: positiveInt(3),
    WIKI_PAGE_CONCURRENCY: positiveInt(3),
    /** Runs waiting in the queue across all users before new ones get 429. */
    MAX_QUEUED_RUNS: positiveInt(200),
    /** How long a worker's claim on a run lasts without a heartbeat. */
    RUN_LEASE_MS: positiveInt(30_000),
    /** Attempts a resumable run gets after its worker died before it is failed. */
    RUN_MAX_ATTEMPTS: positiveInt(3),
    /** `worker` runs only the run worker, `web` only serves; default does both. */
    CARTOGRAPH_ROLE: z.enum(["all", "web", "worker"]).default("all"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    /** The public address of this server (behind a proxy); its host is an allowed Host. */
    PUBLIC_URL: optionalString.pipe(
      z
        .string()
        .url()
        .refine((value) => /^https?:/.test(value), "must be an http(s) URL")
        .optional(),
    ),
    /** Host names (optionally with a port) requests may carry besides loopback. */
    ALLOWED_HOSTS: commaList,
    /** Believe X-Forwarded-For / X-Forwarded-Proto from a reverse proxy. */
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0", ""])
      .optional()
      .transform((value) => value === "true" || value === "1"),
    /** Request body limit; the chat endpoints and the DeepWiki cache import have their own. */
    MAX_BODY_BYTES: positiveInt(1024 * 1024),
    /** Chat request bodies and `/ws/chat` frames (DeepWiki sends whole-repository prompts). */
    MAX_CHAT_BODY_BYTES: positiveInt(8 * 1024 * 1024),
    /** `POST /api/wiki_cache`: a whole wiki in one body. */
    MAX_IMPORT_BODY_BYTES: positiveInt(32 * 1024 * 1024),
    /** A model call that sends nothing for this long is aborted. */
    MODEL_IDLE_TIMEOUT_MS: positiveInt(120_000),
    /**
     * A git command that reaches a remote is killed when the remote stays silent this long
     * (a download making progress goes on); resolving a commit for `POST /api/repos` is
     * bounded by the smaller of this and 10 s.
     */
    GIT_TIMEOUT_MS: positiveInt(120_000),
    /** Below this free space in DATA_DIR new work is refused and running work stops. */
    MIN_FREE_DISK_MB: z.coerce.number().min(0).default(500),
  })
  .superRefine((value, issue) => {
    refineProviderEnvironment(value, issue);
    const publicBind = !isLoopbackHost(value.HOST);
    if (publicBind && (value.AUTH_MODE ?? "none") === "none") {
      issue.addIssue({
        code: "custom",
        path: ["AUTH_MODE"],
        message: `HOST=${value.HOST} is not loopback: set AUTH_MODE to access-code or accounts`,
      });
    }
    if (value.AUTH_MODE === "access-code" && !value.ACCESS_CODE) {
      issue.addIssue({
        code: "custom",
        path: ["ACCESS_CODE"],
        message: "AUTH_MODE=access-code needs ACCESS_CODE",
      });
    }
  })
  .transform((value) => ({ ...value, AUTH_MODE: value.AUTH_MODE ?? "none" }));

export type AppConfig = z.output<typeof configSchema>;

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

export class ConfigError extends Error {}

/** Parses the environment once; the message lists every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
