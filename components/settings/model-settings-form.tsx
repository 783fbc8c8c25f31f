"use client";

import { type FormEvent, useCallback, useEffect, useState } from "react";

interface SettingsView {
  base_url: string;
  chat_model: string;
  embedding_model: string;
  api_key_set: boolean;
  from_environment: {
    base_url: boolean;
    api_key: boolean;
    chat_model: boolean;
    embedding_model: boolean;
  };
}

interface ProviderModels {
  providers: { id: string; models: { id: string }[] }[];
}

const input =
  "mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900";

export function ModelSettingsForm() {
  const [view, setView] = useState<SettingsView | null>(null);
  const [models, setModels] = useState<string[]>([]);
  const [status, setStatus] = useState<string>("");

  const load = useCallback(async () => {
    const response = await fetch("/api/settings");
    setView((await response.json()) as SettingsView);
    const config = (await (await fetch("/models/config")).json()) as ProviderModels;
    setModels(config.providers.flatMap((provider) => provider.models.map((model) => model.id)));
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, unknown> = {};
    for (const name of ["base_url", "chat_model", "embedding_model"] as const) {
      if (form.has(name)) body[name] = String(form.get(name) ?? "").trim();
    }
    const key = String(form.get("api_key") ?? "");
    if (key) body.api_key = key;
    if (form.get("clear_api_key") === "on") body.clear_api_key = true;
    const response = await fetch("/api/settings", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as { message?: string };
    event.currentTarget?.reset();
    setStatus(response.ok ? "Saved." : `Not saved: ${result.message ?? response.statusText}`);
    await load();
  };

  if (!view) return <p className="mt-6 text-sm text-zinc-500">Loading…</p>;
  const locked = view.from_environment;
  return (
    <form onSubmit={save} className="mt-6 space-y-5" aria-label="Model settings">
      <label className="block text-sm font-medium">
        Provider base URL
        <input
          name="base_url"
          type="url"
          defaultValue={view.base_url}
          disabled={locked.base_url}
          placeholder="https://api.openai.com/v1"
          className={input}
        />
        {locked.base_url && <span className="text-xs text-zinc-500">Set by OPENAI_BASE_URL</span>}
      </label>
      <label className="block text-sm font-medium">
        API key
        <input
          name="api_key"
          type="password"
          autoComplete="off"
          disabled={locked.api_key}
          placeholder={
            view.api_key_set ? "A key is saved (hidden); type to replace it" : "No key saved"
          }
          className={input}
        />
        {locked.api_key && <span className="text-xs text-zinc-500">Set by OPENAI_API_KEY</span>}
      </label>
      {view.api_key_set && !locked.api_key && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="clear_api_key" /> Remove the saved key
        </label>
      )}
      <label className="block text-sm font-medium">
        Chat model
        <input
          name="chat_model"
          list="chat-models"
          defaultValue={view.chat_model}
          disabled={locked.chat_model}
          placeholder="gpt-4o-mini"
          className={input}
        />
        <datalist id="chat-models">
          {models.map((model) => (
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
          className={input}
        />
      </label>
      <div className="flex items-center gap-3">
        <button
          type="submit"
          className="rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Save
        </button>
        <span role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          {status}
        </span>
      </div>
    </form>
  );
}
