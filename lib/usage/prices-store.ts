import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { settings } from "../db/schema";
import { DEFAULT_PRICES, effectivePrices, type PriceEntry, priceKeyOf } from "../llm/prices";
import type { PricesInput, PricesView } from "../protocol/usage";

const KEY = "model_prices";

/** The `model_prices` row of the settings table: the prices configured in Settings. */
export async function readConfiguredPrices(db: Database): Promise<PriceEntry[]> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  const stored = (row?.value ?? { items: [] }) as { items?: PriceEntry[] };
  return stored.items ?? [];
}

/** Replaces the configured prices; a later entry for the same model wins. */
export async function saveConfiguredPrices(db: Database, input: PricesInput): Promise<void> {
  const byKey = new Map<string, PriceEntry>();
  for (const item of input.items) {
    byKey.set(priceKeyOf(item.model), {
      model: item.model,
      input: item.input_per_million,
      output: item.output_per_million,
    });
  }
  const value = { items: [...byKey.values()] };
  await db
    .insert(settings)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}

/** Every price in force for Settings: configured ones first, then the defaults left. */
export function pricesView(configured: PriceEntry[], canEdit: boolean): PricesView {
  const defaults = new Set(DEFAULT_PRICES);
  return {
    items: effectivePrices(configured).map((entry) => ({
      model: entry.model,
      input_per_million: entry.input,
      output_per_million: entry.output,
      default: defaults.has(entry),
    })),
    can_edit: canEdit,
  };
}
