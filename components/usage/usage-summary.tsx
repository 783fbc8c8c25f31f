import { hasUsage, usageLine } from "@/lib/client/usage/usage-format";
import type { UsageTotals } from "@/lib/protocol/usage";

/** A subtle line with what model calls spent; nothing when none were made. */
export function UsageSummary({
  usage,
  label = "Usage",
  className = "",
}: {
  usage: UsageTotals | undefined | null;
  label?: string;
  className?: string;
}) {
  if (!hasUsage(usage)) return null;
  return (
    <span
      data-testid="usage-summary"
      title={usage.estimated ? "Some tokens are estimated: the provider reported none" : undefined}
      className={`text-xs text-zinc-500 dark:text-zinc-400 ${className}`}
    >
      {label}: {usageLine(usage)}
    </span>
  );
}
