"use client";

import { type FormEvent, useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { saveProvider } from "@/lib/client/settings/settings-api";
import { useProviderTest } from "@/lib/client/settings/use-provider-test";
import type { ProviderInput, ProviderView } from "@/lib/protocol/settings";
import { ProviderTestOutcome } from "./provider-test-result";

interface ProviderFormProps {
  /** The provider edited; none to add one. */
  provider?: ProviderView;
  /** Saved: a line saying what happened. */
  onSaved: (message: string) => void;
  onCancel: () => void;
}

const labelStyle = "block text-sm font-medium text-zinc-800 dark:text-zinc-200";
const hintStyle = "mt-1 block text-xs font-normal text-zinc-500 dark:text-zinc-400";
const secondaryButtonStyle =
  "rounded-md px-3 py-2 text-sm font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-zinc-50 disabled:opacity-60 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900";

/**
 * Adds or edits a provider. The key is read from the form when sent, never kept in React
 * state, and the base URL is sent only when it changed: a new URL without a new key drops
 * the saved key. What the environment sets is shown but cannot be changed.
 */
export function ProviderForm({ provider, onSaved, onCancel }: ProviderFormProps) {
  const formRef = useRef<HTMLFormElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const { test, run } = useProviderTest();
  const fieldId = useId();
  const locked = provider?.from_environment;

  function read(): { id: string; input: ProviderInput } {
    const form = new FormData(formRef.current ?? undefined);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const input: ProviderInput = {};
    if (!locked?.connection) {
      input.name = text("name");
      const baseUrl = text("base_url");
      if (!provider || baseUrl !== provider.base_url) input.base_url = baseUrl;
      const key = String(form.get("api_key") ?? "");
      if (key) input.api_key = key;
      if (form.get("clear_api_key") === "on") input.clear_api_key = true;
    }
    if (!locked?.models)
      input.models = text("models")
        .split(/[\s,]+/)
        .filter(Boolean);
    if (!locked?.context_tokens) {
      input.context_tokens = text("context_tokens") ? Number(text("context_tokens")) : null;
    }
    return { id: provider?.id ?? text("id"), input };
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { id, input } = read();
    setSaving(true);
    setError(null);
    try {
      const keyDropped = await saveProvider(id, input);
      onSaved(
        keyDropped && !input.clear_api_key
          ? `Saved ${id}. Its key was removed because the base URL changed: a key is only sent to the URL it was entered with. Enter the key for the new URL.`
          : `Saved ${id}.`,
      );
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setSaving(false);
    }
  }

  function testTyped() {
    const { id, input } = read();
    if (!id) return setError("Enter the provider's id first");
    setError(null);
    void run(id, { base_url: input.base_url, api_key: input.api_key });
  }

  const title = provider ? `Edit ${provider.name}` : "Add a provider";
  return (
    <form
      ref={formRef}
      onSubmit={save}
      aria-label={title}
      className="mt-3 space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <h3 className="text-sm font-semibold">{title}</h3>
      {locked?.connection && (
        <p className={hintStyle}>
          Its base URL and key are set by the server's environment ({provider?.variables}); only
          what the environment leaves unset can be changed here.
        </p>
      )}
      {!provider && (
        <label className={labelStyle}>
          Id
          <input
            name="id"
            required
            pattern="[a-z0-9][a-z0-9_\-]*"
            maxLength={40}
            placeholder="lmstudio"
            className={`mt-1 ${inputStyle}`}
          />
          <span className={hintStyle}>
            The name requests use (<code>provider</code>): lower-case letters, digits, - and _.
            DeepWiki's names (openrouter, ollama, google) get their usual base URL.
          </span>
        </label>
      )}
      <label className={labelStyle}>
        Name
        <input
          name="name"
          defaultValue={provider?.name}
          disabled={locked?.connection}
          placeholder="LM Studio"
          className={`mt-1 ${inputStyle}`}
        />
      </label>
      <label className={labelStyle}>
        Base URL
        <input
          name="base_url"
          type="url"
          defaultValue={provider?.base_url}
          disabled={locked?.connection}
          placeholder="http://localhost:1234/v1"
          className={`mt-1 ${inputStyle}`}
        />
        <span className={hintStyle}>
          An OpenAI-compatible endpoint (http:// or https://). Changing it removes the saved key
          unless you enter a new key with it.
        </span>
      </label>
      <label className={labelStyle}>
        API key
        <input
          name="api_key"
          type="password"
          autoComplete="off"
          disabled={locked?.connection}
          placeholder={keyPlaceholder(provider)}
          className={`mt-1 ${inputStyle}`}
        />
      </label>
      {provider?.api_key_set && !locked?.connection && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="clear_api_key" /> Remove the saved key
        </label>
      )}
      <label className={labelStyle} htmlFor={`${fieldId}-models`}>
        Chat models (optional)
      </label>
      <textarea
        id={`${fieldId}-models`}
        name="models"
        rows={2}
        defaultValue={provider?.models.join("\n")}
        disabled={locked?.models}
        placeholder="One per line; empty: the provider's own model list"
        className={inputStyle}
      />
      <label className={labelStyle}>
        Context window in tokens (optional)
        <input
          name="context_tokens"
          type="number"
          min={1}
          defaultValue={provider?.context_tokens ?? ""}
          disabled={locked?.context_tokens}
          placeholder="The server's default"
          className={`mt-1 ${inputStyle}`}
        />
      </label>
      {error && <Alert>{error}</Alert>}
      <ProviderTestOutcome test={test} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={saving} className={primaryButton}>
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="button" onClick={testTyped} className={secondaryButtonStyle}>
          Test connection
        </button>
        <button type="button" onClick={onCancel} className={secondaryButtonStyle}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function keyPlaceholder(provider: ProviderView | undefined): string {
  if (provider?.from_environment.connection) {
    return provider.api_key_set
      ? "Set in the server's environment (hidden)"
      : "None: no key is sent";
  }
  return provider?.api_key_set ? "A key is saved (hidden); type to replace it" : "No key saved";
}
