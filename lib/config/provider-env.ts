import { z } from "zod";
import { providerIdSchema } from "../protocol/settings";
import { commaList, optionalPositiveInt, optionalString } from "./env-values";
import { httpUrlSchema } from "./http-url";

/** The providers with DeepWiki's names, configured by DeepWiki's own variables. */
export const BUILT_IN_PROVIDER_IDS = ["openai", "openrouter", "ollama", "google", "azure"] as const;

const optionalUrl = optionalString.pipe(httpUrlSchema.optional());

/**
 * Ollama's own convention allows `OLLAMA_HOST=0.0.0.0` or `host:port` without a scheme
 * (the same variable its server reads): read as http, on Ollama's port when none is given.
 */
const ollamaHost = optionalString
  .transform((value) => {
    if (!value || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
    return /:\d+$/.test(value) ? `http://${value}` : `http://${value}:11434`;
  })
  .pipe(httpUrlSchema.optional());

const customProviderSchema = z.object({
  id: providerIdSchema.refine(
    (id) => !(BUILT_IN_PROVIDER_IDS as readonly string[]).includes(id),
    "is a built-in provider: set its own variables instead",
  ),
  name: z.string().trim().min(1).max(100).optional(),
  base_url: httpUrlSchema,
  /** The variable holding its key (never the key itself, so the JSON can be shared). */
  api_key_env: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a variable name")
    .optional(),
  models: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
  context_tokens: z.number().int().positive().optional(),
});
export type CustomProviderSpec = z.infer<typeof customProviderSchema>;

/** `CUSTOM_PROVIDERS`: a JSON list of further OpenAI-compatible providers. */
export const customProvidersSchema = optionalString
  .transform((value, context): unknown => {
    if (!value) return [];
    try {
      return JSON.parse(value);
    } catch {
      context.addIssue({ code: "custom", message: "must be a JSON list of providers" });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(customProviderSchema).refine((list) => {
      const ids = list.map((provider) => provider.id);
      return new Set(ids).size === ids.length;
    }, "two providers have the same id"),
  );

/**
 * The provider variables of PROTOCOLS.md section 7 beside OPENAI_*: each provider is offered
 * when its variables are set; `<PROVIDER>_MODELS` names its chat models (else its own
 * `/models` listing is asked) and `<PROVIDER>_CONTEXT_TOKENS` their context window.
 */
export const providerEnvironmentShape = {
  OPENAI_MODELS: commaList,
  OPENAI_CONTEXT_TOKENS: optionalPositiveInt,
  OPENROUTER_API_KEY: optionalString,
  OPENROUTER_BASE_URL: optionalUrl,
  OPENROUTER_MODELS: commaList,
  OPENROUTER_CONTEXT_TOKENS: optionalPositiveInt,
  OLLAMA_HOST: ollamaHost,
  OLLAMA_MODELS: commaList,
  OLLAMA_CONTEXT_TOKENS: optionalPositiveInt,
  GOOGLE_API_KEY: optionalString,
  GOOGLE_BASE_URL: optionalUrl,
  GOOGLE_MODELS: commaList,
  GOOGLE_CONTEXT_TOKENS: optionalPositiveInt,
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_ENDPOINT: optionalUrl,
  AZURE_OPENAI_VERSION: optionalString,
  AZURE_MODELS: commaList,
  AZURE_CONTEXT_TOKENS: optionalPositiveInt,
  CUSTOM_PROVIDERS: customProvidersSchema,
};

const AZURE_VARIABLES = [
  "AZURE_OPENAI_API_KEY",
  "AZURE_OPENAI_ENDPOINT",
  "AZURE_OPENAI_VERSION",
] as const;

/** Azure needs all three of its variables; some without the others is a mistake worth stopping for. */
export function refineProviderEnvironment(
  value: Partial<Record<(typeof AZURE_VARIABLES)[number], string | undefined>>,
  context: z.RefinementCtx,
): void {
  const missing = AZURE_VARIABLES.filter((name) => !value[name]);
  if (missing.length > 0 && missing.length < AZURE_VARIABLES.length) {
    context.addIssue({
      code: "custom",
      path: [missing[0]],
      message: `the azure provider needs ${AZURE_VARIABLES.join(", ")}; missing ${missing.join(", ")}`,
    });
  }
}
