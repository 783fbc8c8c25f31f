import { WebhooksPanel } from "@/components/webhooks/webhooks-panel";

export const metadata = { title: "Webhooks · Cartograph" };

export default function WebhooksPage() {
  return (
    <div className="mx-auto max-w-2xl px-4 py-8">
      <h1 className="text-2xl font-semibold">Webhooks</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Cartograph calls these URLs when one of your runs (a wiki, a research, an index) completes,
        fails or is cancelled: a signed JSON <code>POST</code>, retried with growing waits until the
        receiver answers 2xx. How to check the signature is in the README.
      </p>
      <WebhooksPanel />
    </div>
  );
}
