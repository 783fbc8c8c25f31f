import { z } from "zod";
import { type ModelsConfig, modelsConfigSchema } from "@/lib/protocol/deepwiki";
import {
  type ProviderInput,
  type ProviderTestInput,
  type ProviderTestResult,
  providerTestResultSchema,
  providerWriteResultSchema,
  type SettingsInput,
  type SettingsView,
  settingsViewSchema,
} from "@/lib/protocol/settings";
import { postJson, requestJson } from "../api/api-request";

const success = z.object({ status: z.literal("success") });
const putJson = (body: unknown): RequestInit => ({ ...postJson(body), method: "PUT" });
const providerPath = (id: string) => `/api/settings/providers/${encodeURIComponent(id)}`;

/** `GET /api/settings`: the models and providers in force. */
export function fetchSettings(): Promise<SettingsView> {
  return requestJson("/api/settings", settingsViewSchema);
}

/** `GET /models/config`: each provider's chat models. */
export function fetchModelsConfig(): Promise<ModelsConfig> {
  return requestJson("/models/config", modelsConfigSchema);
}

export async function saveSettings(input: SettingsInput): Promise<void> {
  await requestJson("/api/settings", success, putJson(input));
}

/** Adds or edits a provider; true when a saved key was dropped on the way. */
export async function saveProvider(id: string, input: ProviderInput): Promise<boolean> {
  return (await requestJson(providerPath(id), providerWriteResultSchema, putJson(input)))
    .api_key_cleared;
}

export async function removeProvider(id: string): Promise<void> {
  await requestJson(providerPath(id), success, { method: "DELETE" });
}

/** Test connection: the provider's chat models, as saved or with what the form holds. */
export function testProvider(
  id: string,
  input: ProviderTestInput = {},
): Promise<ProviderTestResult> {
  return requestJson(`${providerPath(id)}/test`, providerTestResultSchema, postJson(input));
}
