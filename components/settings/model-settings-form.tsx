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

interface SaveResult {
  message?: string;
  api_key_cleared?: boolean;
}

function describeSave(ok: boolean, result: SaveResult, askedToClear: boolean): string {
  if (!ok) return `Not saved: ${result.message ?? "the server refused the settings"}`;
  if (result.api_key_cleared && !askedToClear) {
    return "Saved. The saved API key was removed because the base URL changed: a key is only sent to the URL it was entered with. Enter the key for the new URL.";
  }
  if (result.api_key_cleared) return "Saved. The API key was removed.";
  return "Saved.";
}

interface ProviderModels {
  providers: { id: string; models: { id: string }[] }[];
}

function keyPlaceholder(view: SettingsView): string {
  if (view.from_environment.api_key) {
    return view.api_key_set ? "Set in the server's environment (hidden)" : "None: no key is sent";
  }
  return view.api_key_set ? "A key is saved (hidden); type to replace it" : "No key saved";
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
    // React clears currentTarget once the handler awaits: keep the form itself.
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body: Record<string, unknown> = {};
    // Disabled fields (set by the environment) are not in the form data, so never sent.
    for (const name of ["base_url", "chat_model", "embedding_model"] as const) {
      if (form.has(name)) body[name] = String(form.get(name) ?? "").trim();
    }
    const key = String(form.get("api_key") ?? "");
    if (key) body.api_key = key;
    const askedToClear = form.get("clear_api_key") === "on";
    if (askedToClear) body.clear_api_key = true;
    const response = await fetch("/api/settings", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const result = (await response.json()) as SaveResult;
    formElement.reset();
    setStatus(describeSave(response.ok, result, askedToClear));
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
        <span className="mt-1 block text-xs font-normal text-zinc-500">
          {locked.base_url
            ? "Set with the key in the server's environment (OPENAI_BASE_URL / OPENAI_API_KEY). That key is only sent to that URL (OpenAI's when none is set), so neither can be changed here."
            : view.api_key_set
              ? "Changing the base URL removes the saved key unless you enter a new key with it."
              : "An http:// or https:// URL; leave empty for OpenAI."}
        </span>
      </label>
      <label className="block text-sm font-medium">
        API key
        <input
          name="api_key"
          type="password"
          autoComplete="off"
          disabled={locked.api_key}
          placeholder={keyPlaceholder(view)}
          className={input}
        />
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
