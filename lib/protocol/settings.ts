import { z } from "zod";
import { httpUrlSchema } from "../config/http-url";

/**
 * Wire shapes of the Settings API: `/api/settings` (the models in force) and
 * `/api/settings/providers/{id}` (model providers). A key arrives in plain text, is
 * stored sealed and is never sent back: a view only says whether one is set.
 */

/** DeepWiki's provider names (`openai`, `openrouter`, …) and the ids of custom providers. */
export const providerIdSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "use lower-case letters, digits, - and _");

const modelIdSchema = z.string().trim().min(1).max(200);

/** `PUT /api/settings`; an empty string clears a saved value. */
export const settingsInputSchema = z.strictObject({
  chat_model: z.string().trim().max(200).optional(),
  embedding_model: z.string().trim().max(200).optional(),
  default_provider: z.literal("").or(providerIdSchema).optional(),
});
export type SettingsInput = z.infer<typeof settingsInputSchema>;

/**
 * `PUT /api/settings/providers/{id}`: adds or edits a provider. `base_url` is http(s) or
 * "" (the provider's default, for the built-in names that have one). A new base URL
 * without a new key drops the saved key: a key is only sent to the URL it was saved with.
 */
export const providerInputSchema = z.strictObject({
  name: z.string().trim().max(100).optional(),
  base_url: z.literal("").or(httpUrlSchema).optional(),
  api_key: z.string().max(500).optional(),
  clear_api_key: z.boolean().optional(),
  /** Chat models offered; empty = the provider's own `/models` listing. */
  models: z.array(modelIdSchema).max(500).optional(),
  /** The context window of its models; null = the server's default. */
  context_tokens: z.number().int().positive().max(100_000_000).nullable().optional(),
});
export type ProviderInput = z.infer<typeof providerInputSchema>;

/**
 * `POST /api/settings/providers/{id}/test`: lists the provider's models as saved, or with
 * the base URL and key typed into the form (not saved yet).
 */
export const providerTestInputSchema = providerInputSchema.pick({ base_url: true, api_key: true });
export type ProviderTestInput = z.infer<typeof providerTestInputSchema>;

export const providerTestResultSchema = z.discriminatedUnion("ok", [
  z.object({ ok: z.literal(true), models: z.array(z.string()) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type ProviderTestResult = z.infer<typeof providerTestResultSchema>;

export const providerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(["openai-compatible", "azure"]),
  base_url: z.string(),
  api_key_set: z.boolean(),
  models: z.array(z.string()),
  context_tokens: z.number().nullable(),
  /** What the server's environment fixes; Settings cannot change it. */
  from_environment: z.object({
    connection: z.boolean(),
    models: z.boolean(),
    context_tokens: z.boolean(),
  }),
  /** The environment variables that configure it, when it comes from there. */
  variables: z.string().nullable(),
});
export type ProviderView = z.infer<typeof providerViewSchema>;

/** `GET /api/settings`. */
export const settingsViewSchema = z.object({
  chat_model: z.string(),
  embedding_model: z.string(),
  /** The provider used when a request names none; null when none is configured. */
  default_provider: z.string().nullable(),
  from_environment: z.object({ chat_model: z.boolean(), embedding_model: z.boolean() }),
  providers: z.array(providerViewSchema),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/** `PUT /api/settings/providers/{id}`. */
export const providerWriteResultSchema = z.object({
  status: z.literal("success"),
  /** A saved key was dropped: asked for, or the base URL moved without a new key. */
  api_key_cleared: z.boolean(),
});
