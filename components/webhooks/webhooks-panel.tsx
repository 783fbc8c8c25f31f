"use client";

import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { useRemote } from "@/lib/client/api/use-remote";
import { fetchWebhooks } from "@/lib/client/webhooks/webhooks-api";
import type { CreatedWebhook } from "@/lib/protocol/webhooks";
import { AddWebhookForm } from "./add-webhook-form";
import { WebhookCard } from "./webhook-card";

/** While deliveries may be going out, the list is read again this often. */
const REFRESH_MS = 3_000;

/** The user's webhooks: add one (its secret shown once), watch deliveries, test, delete. */
export function WebhooksPanel() {
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState("");
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const remote = useRemote(`webhooks:${version}`, (signal) => fetchWebhooks(signal), {
    keepPrevious: true,
  });

  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      setVersion((value) => value + 1);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const changed = (message: string) => {
    setStatus(message);
    setVersion((value) => value + 1);
  };

  return (
    <>
      <p role="status" className="mt-4 min-h-5 text-sm text-zinc-600 dark:text-zinc-400">
        {status}
      </p>
      <section aria-labelledby="add-webhook-heading" className="mt-2">
        <h2 id="add-webhook-heading" className="text-lg font-semibold">
          Add a webhook
        </h2>
        <AddWebhookForm
          onCreated={(webhook) => {
            setCreated(webhook);
            changed("Webhook added");
          }}
        />
        {created ? <SecretOnce created={created} onDone={() => setCreated(null)} /> : null}
      </section>
      <section aria-labelledby="webhooks-heading" className="mt-8">
        <h2 id="webhooks-heading" className="text-lg font-semibold">
          Your webhooks
        </h2>
        {remote.error && !remote.data ? <Alert className="mt-3">{remote.error}</Alert> : null}
        {!remote.data && !remote.error ? (
          <p className="mt-3 text-sm text-zinc-500">Loading…</p>
        ) : null}
        {remote.data?.length === 0 ? (
          <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">No webhooks yet.</p>
        ) : null}
        <ul className="mt-3 space-y-3">
          {remote.data?.map((webhook) => (
            <WebhookCard key={webhook.id} webhook={webhook} now={now} onChanged={changed} />
          ))}
        </ul>
      </section>
    </>
  );
}

/** The new webhook's secret, shown this once: the server keeps it sealed and never sends it again. */
function SecretOnce({ created, onDone }: { created: CreatedWebhook; onDone: () => void }) {
  return (
    <div
      role="note"
      aria-label="Webhook secret"
      className="mt-4 rounded-lg border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200"
    >
      <p className="font-medium">Copy the signing secret now: it is not shown again.</p>
      <code data-testid="webhook-secret" className="mt-2 block break-all font-mono text-xs">
        {created.secret}
      </code>
      <div className="mt-2 flex gap-3">
        <CopyButton text={created.secret} label="Copy secret" />
        <button type="button" onClick={onDone} className="text-xs font-medium underline">
          Done
        </button>
      </div>
    </div>
  );
}
