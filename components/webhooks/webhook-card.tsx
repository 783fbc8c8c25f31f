"use client";

import { useState } from "react";
import { formatRelativeTime } from "@/components/runs/run-format";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { outlineButton } from "@/components/ui/controls";
import { deleteWebhook, sendTestDelivery } from "@/lib/client/webhooks/webhooks-api";
import type { WebhookDeliveryView, WebhookView } from "@/lib/protocol/webhooks";

const statusStyle: Record<WebhookDeliveryView["status"], string> = {
  succeeded: "text-emerald-700 dark:text-emerald-300",
  failed: "text-red-700 dark:text-red-300",
  pending: "text-amber-700 dark:text-amber-300",
};

/** One webhook: where it goes, what it hears, its latest deliveries, a test and delete. */
export function WebhookCard({
  webhook,
  now,
  onChanged,
}: {
  webhook: WebhookView;
  now: number;
  onChanged: (message: string) => void;
}) {
  const [testing, setTesting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function test() {
    setTesting(true);
    setError(null);
    try {
      await sendTestDelivery(webhook.id);
      onChanged(`Test delivery sent to ${webhook.url}`);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setTesting(false);
    }
  }

  return (
    <li
      aria-label={webhook.url}
      className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="break-all font-mono text-sm">{webhook.url}</p>
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            {webhook.events.join(", ")} · added {formatRelativeTime(webhook.created_at, now)}
          </p>
        </div>
        <button
          type="button"
          onClick={() => void test()}
          disabled={testing}
          className={outlineButton}
        >
          {testing ? "Sending…" : "Send test"}
        </button>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <DeliveryTable deliveries={webhook.deliveries} now={now} />
      <ConfirmDelete
        label={`Delete the webhook ${webhook.url}`}
        question="Delete this webhook and its delivery log?"
        failureMessage="Could not delete the webhook"
        onDelete={async () => {
          await deleteWebhook(webhook.id);
          onChanged("Webhook deleted");
        }}
      />
    </li>
  );
}

function DeliveryTable({ deliveries, now }: { deliveries: WebhookDeliveryView[]; now: number }) {
  if (deliveries.length === 0)
    return <p className="mt-3 text-xs text-zinc-500 dark:text-zinc-400">No deliveries yet.</p>;
  return (
    <table className="mt-3 w-full text-left text-xs">
      <caption className="sr-only">Latest deliveries</caption>
      <thead className="text-zinc-500 dark:text-zinc-400">
        <tr>
          <th className="py-1 pr-2 font-medium">Event</th>
          <th className="py-1 pr-2 font-medium">Status</th>
          <th className="py-1 pr-2 font-medium">Response</th>
          <th className="py-1 pr-2 font-medium">Attempts</th>
          <th className="py-1 font-medium">When</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery) => (
          <tr key={delivery.id} className="border-t border-zinc-100 dark:border-zinc-800">
            <td className="py-1 pr-2 font-mono">{delivery.event}</td>
            <td className={`py-1 pr-2 font-medium ${statusStyle[delivery.status]}`}>
              {delivery.status}
            </td>
            <td className="py-1 pr-2" title={delivery.error ?? undefined}>
              {delivery.response_status ?? (delivery.error ? "no answer" : "—")}
              {delivery.duration_ms !== null ? ` · ${delivery.duration_ms} ms` : ""}
            </td>
            <td className="py-1 pr-2">{delivery.attempts}</td>
            <td className="py-1">
              {formatRelativeTime(delivery.last_attempt_at ?? delivery.created_at, now)}
              {delivery.next_attempt_at
                ? ` · retry ${formatRelativeTime(delivery.next_attempt_at, now)}`
                : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
