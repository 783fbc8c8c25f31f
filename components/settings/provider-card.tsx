"use client";

import { useState } from "react";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { removeProvider } from "@/lib/client/settings/settings-api";
import { useProviderTest } from "@/lib/client/settings/use-provider-test";
import type { ProviderView } from "@/lib/protocol/settings";
import { ProviderForm } from "./provider-form";
import { ProviderTestOutcome } from "./provider-test-result";

interface ProviderCardProps {
  provider: ProviderView;
  isDefault: boolean;
  /** Something changed on the server: a line to show, then the settings are read again. */
  onChanged: (message: string) => void;
  /** Only admins test, edit and remove providers; others see them. */
  canEdit?: boolean;
}

const buttonStyle =
  "rounded-md px-2.5 py-1 text-xs font-medium text-zinc-700 ring-1 ring-zinc-300 hover:bg-zinc-50 disabled:opacity-60 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-900";

/** One provider: where it is, whether a key is set, its models; test, edit or remove it. */
export function ProviderCard({
  provider,
  isDefault,
  onChanged,
  canEdit = true,
}: ProviderCardProps) {
  const [editing, setEditing] = useState(false);
  const { test, run } = useProviderTest();
  const fromEnvironment = provider.from_environment.connection;
  return (
    <li
      aria-label={`Provider ${provider.id}`}
      className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 className="font-medium">{provider.name}</h3>
        <code className="text-xs text-zinc-500">{provider.id}</code>
        {isDefault && (
          <span className="rounded bg-sky-100 px-1.5 text-xs text-sky-800 dark:bg-sky-950 dark:text-sky-200">
            default
          </span>
        )}
        {fromEnvironment && (
          <span
            title={provider.variables ?? undefined}
            className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
          >
            from the environment
          </span>
        )}
      </div>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-zinc-500">Base URL</dt>
        <dd className="break-all font-mono text-xs leading-5">{provider.base_url}</dd>
        <dt className="text-zinc-500">Key</dt>
        <dd>{provider.api_key_set ? "set (hidden)" : "none"}</dd>
        <dt className="text-zinc-500">Models</dt>
        <dd>{provider.models.length > 0 ? provider.models.join(", ") : "its own model list"}</dd>
        <dt className="text-zinc-500">Context window</dt>
        <dd>
          {provider.context_tokens ? `${provider.context_tokens} tokens` : "the server's default"}
        </dd>
      </dl>
      {canEdit && (
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={() => void run(provider.id)}
            disabled={test?.ok === "testing"}
            className={buttonStyle}
          >
            Test connection
          </button>
          <button type="button" onClick={() => setEditing(!editing)} className={buttonStyle}>
            {editing ? "Close" : "Edit"}
          </button>
        </div>
      )}
      <ProviderTestOutcome test={test} />
      {canEdit && !fromEnvironment && (
        <ConfirmDelete
          label={`Remove the provider ${provider.id}`}
          question={`Remove ${provider.name} and its saved key?`}
          confirmLabel="Remove"
          failureMessage="The provider could not be removed"
          onDelete={async () => {
            await removeProvider(provider.id);
            onChanged(`Removed ${provider.id}.`);
          }}
        />
      )}
      {editing && (
        <ProviderForm
          provider={provider}
          onSaved={(message) => {
            setEditing(false);
            onChanged(message);
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </li>
  );
}
