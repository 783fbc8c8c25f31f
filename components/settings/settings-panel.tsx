"use client";

import { useCallback, useEffect, useState } from "react";
import { Alert, Notice } from "@/components/ui/alert";
import { fetchMe } from "@/lib/client/account/account-api";
import { useRemote } from "@/lib/client/api/use-remote";
import { fetchModelsConfig, fetchSettings } from "@/lib/client/settings/settings-api";
import type { SettingsView } from "@/lib/protocol/settings";
import { ModelSettingsForm } from "./model-settings-form";
import { PriceTable } from "./price-table";
import { ProviderCard } from "./provider-card";
import { ProviderForm } from "./provider-form";

/** The model providers and the defaults; read again after every change. */
export function SettingsPanel() {
  const [view, setView] = useState<SettingsView | null>(null);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  // Providers are shared by the whole server: only an admin changes them.
  const me = useRemote("me", (signal) => fetchMe(signal).catch(() => null));
  const canEdit = me.data?.user.role === "admin";

  const load = useCallback(async () => {
    try {
      const settings = await fetchSettings();
      setView(settings);
      const config = await fetchModelsConfig();
      const chosen = config.providers.find((entry) => entry.id === settings.default_provider);
      setSuggestions(chosen?.models.map((model) => model.id) ?? []);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = (message: string) => {
    setStatus(message);
    setAdding(false);
    void load();
  };

  if (error && !view) return <Alert className="mt-6">{error}</Alert>;
  if (!view) return <p className="mt-6 text-sm text-zinc-500">Loading…</p>;
  return (
    <>
      <p role="status" className="mt-4 min-h-5 text-sm text-zinc-600 dark:text-zinc-400">
        {status}
      </p>
      {me.data && !canEdit && (
        <Notice className="mt-2">
          Providers and defaults are shared by everyone on this server: only an admin changes them.
        </Notice>
      )}
      <section aria-labelledby="providers-heading" className="mt-4">
        <h2 id="providers-heading" className="text-lg font-semibold">
          Providers
        </h2>
        {view.providers.length === 0 && (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            No provider is configured: Ask answers with passages only and wikis are structural.
          </p>
        )}
        <ul className="mt-3 space-y-3">
          {view.providers.map((provider) => (
            <ProviderCard
              key={provider.id}
              provider={provider}
              isDefault={provider.id === view.default_provider}
              onChanged={changed}
              canEdit={canEdit}
            />
          ))}
        </ul>
        {!canEdit ? null : adding ? (
          <ProviderForm onSaved={changed} onCancel={() => setAdding(false)} />
        ) : (
          <button
            type="button"
            onClick={() => setAdding(true)}
            className="mt-3 rounded-md px-3 py-2 text-sm font-medium text-sky-700 ring-1 ring-sky-300 hover:bg-sky-50 dark:text-sky-300 dark:ring-sky-800 dark:hover:bg-sky-950"
          >
            Add a provider
          </button>
        )}
      </section>
      <section aria-labelledby="defaults-heading" className="mt-8">
        <h2 id="defaults-heading" className="text-lg font-semibold">
          Defaults
        </h2>
        {canEdit ? (
          <ModelSettingsForm
            key={JSON.stringify([view.default_provider, view.chat_model, view.embedding_model])}
            view={view}
            suggestions={suggestions}
            onSaved={changed}
          />
        ) : (
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
            Chat model: {view.chat_model || "the provider's default"}
          </p>
        )}
      </section>
      <section aria-labelledby="prices-heading" className="mt-8">
        <h2 id="prices-heading" className="text-lg font-semibold">
          Model prices
        </h2>
        <PriceTable />
      </section>
    </>
  );
}
