"use client";

import { type FormEvent, useState } from "react";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { saveSettings } from "@/lib/client/settings/settings-api";
import type { SettingsInput, SettingsView } from "@/lib/protocol/settings";

interface ModelSettingsFormProps {
  view: SettingsView;
  /** Chat models the default provider offers, for suggestions. */
  suggestions: string[];
  onSaved: (message: string) => void;
}

/** The default provider and models: what a request that names none gets. */
export function ModelSettingsForm({ view, suggestions, onSaved }: ModelSettingsFormProps) {
  const [error, setError] = useState<string | null>(null);
  const locked = view.from_environment;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input: SettingsInput = {};
    // Disabled fields (set by the environment) are not in the form data, so never sent.
    for (const name of ["chat_model", "embedding_model", "default_provider"] as const) {
      if (form.has(name)) input[name] = String(form.get(name) ?? "").trim();
    }
    setError(null);
    try {
      await saveSettings(input);
      onSaved("Saved.");
    } catch (failure) {
      setError(`Not saved: ${(failure as Error).message}`);
    }
  }

  return (
    <form onSubmit={save} className="mt-4 space-y-5" aria-label="Model settings">
      <label className="block text-sm font-medium">
        Default provider
        <select
          name="default_provider"
          defaultValue={view.default_provider ?? ""}
          disabled={view.providers.length === 0}
          className={`mt-1 ${inputStyle}`}
        >
          {view.providers.map((provider) => (
            <option key={provider.id} value={provider.id}>
              {provider.name} ({provider.id})
            </option>
          ))}
        </select>
        <span className="mt-1 block text-xs font-normal text-zinc-500">
          Used when a chat, wiki or research names no provider.
        </span>
      </label>
      <label className="block text-sm font-medium">
        Chat model
        <input
          name="chat_model"
          list="chat-models"
          defaultValue={view.chat_model}
          disabled={locked.chat_model}
          placeholder="The default provider's first model (gpt-4o-mini for OpenAI)"
          className={`mt-1 ${inputStyle}`}
        />
        <datalist id="chat-models">
          {suggestions.map((model) => (
            <option key={model} value={model} />
          ))}
        </datalist>
      </label>
      <label className="block text-sm font-medium">
        Embedding model (optional: enables vector search)
        <input
          name="embedding_model"
          defaultValue={view.embedding_model}
          disabled={locked.embedding_model}
          placeholder="text-embedding-3-small"
          className={`mt-1 ${inputStyle}`}
        />
        <span className="mt-1 block text-xs font-normal text-zinc-500">
          Embeddings use the openai provider (or EMBEDDING_BASE_URL).
        </span>
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" className={primaryButton}>
          Save
        </button>
        {error && (
          <span role="alert" className="text-sm text-red-700 dark:text-red-300">
            {error}
          </span>
        )}
      </div>
    </form>
  );
}
