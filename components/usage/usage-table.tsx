import { formatCost, formatTokens } from "@/lib/client/usage/usage-format";
import type { UsageItem } from "@/lib/protocol/usage";

/** One grouping of usage with a total row; `onPick` makes the keys buttons (choose a user). */
export function UsageTable({
  title,
  keyLabel,
  items,
  testId,
  onPick,
}: {
  title: string;
  keyLabel: string;
  items: UsageItem[];
  testId: string;
  onPick?: (key: string) => void;
}) {
  const total = items.reduce(
    (sum, item) => ({
      input: sum.input + item.input_tokens,
      output: sum.output + item.output_tokens,
      cost: item.cost === null ? sum.cost : (sum.cost ?? 0) + item.cost,
    }),
    { input: 0, output: 0, cost: null as number | null },
  );
  return (
    <section className="mt-8" aria-label={title}>
      <h2 className="text-lg font-semibold tracking-tight">{title}</h2>
      {items.length === 0 ? (
        <p className="mt-2 text-sm text-zinc-500">No model calls in this period.</p>
      ) : (
        <table data-testid={testId} className="mt-3 w-full text-sm">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className="py-1.5 font-medium">{keyLabel}</th>
              <th className="py-1.5 text-right font-medium">Input tokens</th>
              <th className="py-1.5 text-right font-medium">Output tokens</th>
              <th className="py-1.5 text-right font-medium">Cost</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.key} className="border-t border-zinc-100 dark:border-zinc-800">
                <td className="py-1.5">
                  {onPick ? (
                    <button
                      type="button"
                      onClick={() => onPick(item.key)}
                      className="font-medium text-sky-700 hover:underline dark:text-sky-300"
                    >
                      {item.key || "(no user)"}
                    </button>
                  ) : (
                    item.key
                  )}
                </td>
                <td className="py-1.5 text-right tabular-nums">
                  {formatTokens(item.input_tokens)}
                </td>
                <td className="py-1.5 text-right tabular-nums">
                  {formatTokens(item.output_tokens)}
                </td>
                <td className="py-1.5 text-right tabular-nums">{formatCost(item.cost)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr
              data-testid={`${testId}-total`}
              className="border-t border-zinc-300 font-semibold dark:border-zinc-700"
            >
              <td className="py-1.5">Total</td>
              <td className="py-1.5 text-right tabular-nums">{formatTokens(total.input)}</td>
              <td className="py-1.5 text-right tabular-nums">{formatTokens(total.output)}</td>
              <td className="py-1.5 text-right tabular-nums">{formatCost(total.cost)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
