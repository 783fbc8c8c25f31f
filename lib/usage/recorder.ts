import { randomUUID } from "node:crypto";
import { TtlValue } from "../cache/ttl-value";
import type { Database } from "../db/client";
import { costOf, effectivePrices, type ModelPrice, type PriceEntry, priceOf } from "../llm/prices";
import type { ModelCallUsage, UsageRecorder } from "../llm/usage-middleware";
import type { MeteredCall } from "../llm/usage-scope";
import { readConfiguredPrices } from "./prices-store";
import { insertModelCall } from "./queries";

const PRICES_TTL_MS = 2_000;

/**
 * Stores every model call with its cost at the prices in force when it was made: a price
 * changed in Settings applies to the calls after it, never to those already stored.
 */
export class ModelCallRecorder implements UsageRecorder {
  private readonly prices: TtlValue<PriceEntry[]>;
  private readonly matched = new WeakMap<PriceEntry[], Map<string, ModelPrice | null>>();

  constructor(private readonly db: Database) {
    this.prices = new TtlValue(
      async () => effectivePrices(await readConfiguredPrices(this.db)),
      PRICES_TTL_MS,
    );
  }

  /** Forget cached prices after Settings saved new ones. */
  pricesChanged(): void {
    this.prices.forget();
  }

  async priceOf(model: string): Promise<ModelPrice | null> {
    const entries = await this.prices.get();
    // Matched once per model for each read of the prices (each call asks, twice under a budget).
    let byModel = this.matched.get(entries);
    if (!byModel) {
      byModel = new Map();
      this.matched.set(entries, byModel);
    }
    let price = byModel.get(model);
    if (price === undefined) {
      price = priceOf(model, entries);
      byModel.set(model, price);
    }
    return price;
  }

  async record(call: ModelCallUsage): Promise<MeteredCall> {
    const cost = costOf(
      { input: call.inputTokens, output: call.outputTokens },
      await this.priceOf(call.model),
    );
    const id = randomUUID();
    await insertModelCall(this.db, {
      id,
      userId: call.target.userId ?? null,
      provider: call.provider,
      model: call.model,
      inputTokens: call.inputTokens,
      outputTokens: call.outputTokens,
      estimated: call.estimated,
      cost,
      runId: call.target.runId ?? null,
      chatId: call.target.chatId ?? null,
      wikiId: call.target.wikiId ?? null,
      pageId: call.target.pageId ?? null,
    });
    return {
      id,
      inputTokens: call.inputTokens,
      outputTokens: call.outputTokens,
      cost,
      estimated: call.estimated,
    };
  }
}
