"use client";

import { type FormEvent, useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { inputStyle, primaryButton } from "@/components/ui/controls";
import { createWebhook } from "@/lib/client/webhooks/webhooks-api";
import type { CreatedWebhook, WebhookEventName } from "@/lib/protocol/webhooks";

const events: { value: WebhookEventName; label: string }[] = [
  { value: "run.completed", label: "Completed" },
  { value: "run.failed", label: "Failed" },
  { value: "run.cancelled", label: "Cancelled" },
];

/** A receiver URL and the run ends it wants; the created webhook's secret goes to `onCreated`. */
export function AddWebhookForm({ onCreated }: { onCreated: (created: CreatedWebhook) => void }) {
  const urlId = useId();
  const [url, setUrl] = useState("");
  const [chosen, setChosen] = useState<WebhookEventName[]>(events.map((event) => event.value));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      onCreated(await createWebhook({ url: url.trim(), events: chosen }));
      setUrl("");
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="mt-3 space-y-3">
      <div>
        <label htmlFor={urlId} className="text-sm font-medium">
          Receiver URL
        </label>
        <input
          id={urlId}
          type="url"
          required
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          placeholder="https://ci.example.com/hooks/cartograph"
          className={`${inputStyle} mt-1`}
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium">Call it when a run</legend>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          {events.map((event) => (
            <label key={event.value} className="flex items-center gap-1.5">
              <input
                type="checkbox"
                checked={chosen.includes(event.value)}
                onChange={(change) =>
                  setChosen((current) =>
                    change.target.checked
                      ? [...current, event.value]
                      : current.filter((value) => value !== event.value),
                  )
                }
              />
              {event.label}
            </label>
          ))}
        </div>
      </fieldset>
      {error ? <Alert>{error}</Alert> : null}
      <button type="submit" disabled={saving || chosen.length === 0} className={primaryButton}>
        {saving ? "Adding…" : "Add webhook"}
      </button>
    </form>
  );
}
