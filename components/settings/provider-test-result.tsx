import type { ProviderTest } from "@/lib/client/settings/use-provider-test";

/** What Test connection found: the provider's chat models, or why it could not be asked. */
export function ProviderTestOutcome({ test }: { test: ProviderTest }) {
  if (!test) return null;
  if (test.ok === "testing") {
    return (
      <p role="status" className="mt-2 text-sm text-zinc-500">
        Testing the connection…
      </p>
    );
  }
  if (!test.ok) {
    return (
      <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
        Connection failed: {test.error}
      </p>
    );
  }
  return (
    <div role="status" className="mt-2 text-sm text-emerald-800 dark:text-emerald-300">
      <p>
        Connected:{" "}
        {test.models.length === 0
          ? "it lists no chat models"
          : `${test.models.length} chat model(s)`}
      </p>
      {test.models.length > 0 && (
        <ul aria-label="Models found" className="mt-1 max-h-40 overflow-y-auto font-mono text-xs">
          {test.models.map((model) => (
            <li key={model}>{model}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
