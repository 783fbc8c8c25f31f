import { AsyncLocalStorage } from "node:async_hooks";
import { AppError, isAppError } from "../errors";
import type { UsageTotals } from "../protocol/usage";

/** What a model call counts against; every field optional (a call outside any scope is still recorded). */
export interface UsageTarget {
  userId?: string;
  runId?: string;
  chatId?: string;
  wikiId?: string;
  pageId?: string;
}

/** A run's optional spending limit (`max_tokens`, `max_cost` in its start request). */
export interface UsageBudget {
  maxTokens?: number;
  maxCost?: number;
}

/** One recorded call as the meter counts it. */
export interface MeteredCall {
  id: string;
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
  estimated: boolean;
}

/** Thrown before a model call that the run's budget cannot pay for; runs end on it cleanly. */
export class BudgetReachedError extends AppError {
  constructor(
    readonly spent: UsageTotals,
    budget: UsageBudget,
  ) {
    super(BUDGET_REACHED, budgetMessage(spent, budget));
  }
}

const BUDGET_REACHED = "conflict:budget";

/** By code, not class: route bundles and the server can hold two copies of the class. */
export const isBudgetReached = (error: unknown): error is AppError =>
  isAppError(error) && error.code === BUDGET_REACHED;

function budgetMessage(spent: UsageTotals, budget: UsageBudget): string {
  const limits = [
    budget.maxTokens !== undefined ? `${budget.maxTokens} tokens` : null,
    budget.maxCost !== undefined ? `$${budget.maxCost}` : null,
  ].filter(Boolean);
  const used = `${spent.input_tokens + spent.output_tokens} tokens${spent.cost !== null ? `, $${spent.cost.toFixed(4)}` : ""}`;
  return `Budget reached (${limits.join(" / ")}; used ${used}): stopped before the next model call`;
}

/**
 * Sums the calls of one piece of work (a run, a chat answer) as they are recorded, and
 * decides whether the next call still fits the budget. Started from what was already spent
 * when a run resumes.
 */
export class UsageMeter {
  private input = 0;
  private output = 0;
  private cost: number | null = null;
  private estimated = false;
  /** Whether any call was counted, here or before a resume (cost null then means unpriced). */
  private counted = false;
  readonly callIds: string[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    readonly target: UsageTarget,
    readonly budget: UsageBudget = {},
    spent?: UsageTotals,
  ) {
    if (spent) {
      this.input = spent.input_tokens;
      this.output = spent.output_tokens;
      this.cost = spent.cost;
      this.estimated = spent.estimated;
      this.counted = spent.input_tokens + spent.output_tokens > 0;
    }
  }

  add(call: MeteredCall): void {
    this.input += call.inputTokens;
    this.output += call.outputTokens;
    if (call.cost !== null) this.cost = (this.cost ?? 0) + call.cost;
    this.estimated ||= call.estimated;
    this.counted = true;
    this.callIds.push(call.id);
  }

  totals(): UsageTotals {
    return {
      input_tokens: this.input,
      output_tokens: this.output,
      cost: this.cost === null ? (this.counted ? null : 0) : round(this.cost),
      estimated: this.estimated,
    };
  }

  /**
   * Throws BudgetReachedError when the budget is already spent, or when the next call's
   * prompt alone (`inputTokens`, at `inputPrice` per million) would take it over.
   */
  /** Whether it has a budget at all (a chat's meter only counts). */
  get limited(): boolean {
    return this.budget.maxTokens !== undefined || this.budget.maxCost !== undefined;
  }

  assertRoomFor(inputTokens: number, inputPrice: number | null): void {
    const { maxTokens, maxCost } = this.budget;
    const tokens = this.input + this.output;
    const cost = this.cost ?? 0;
    const overTokens = maxTokens !== undefined && tokens + inputTokens > maxTokens;
    const nextCost = inputPrice === null ? 0 : (inputTokens * inputPrice) / 1_000_000;
    const overCost = maxCost !== undefined && cost + nextCost > maxCost;
    if (overTokens || overCost) throw new BudgetReachedError(this.totals(), this.budget);
  }

  /** Keeps a recording in flight so `settled()` can wait for it. */
  track(recording: Promise<unknown>): void {
    this.pending.add(recording);
    void recording.finally(() => this.pending.delete(recording));
  }

  /** Resolves once every call metered so far is stored. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}

const round = (dollars: number) => Math.round(dollars * 1e8) / 1e8;

interface Scope {
  meter: UsageMeter | null;
  target: UsageTarget;
}

// Route handlers are bundled by Next.js apart from server.ts, which builds the models: one
// store for the process, or a chat answered over HTTP would meter into a store nobody reads.
const storageKey = Symbol.for("cartograph.usageScope");
const holder = globalThis as { [storageKey]?: AsyncLocalStorage<Scope> };
holder[storageKey] ??= new AsyncLocalStorage<Scope>();
const storage = holder[storageKey];

/** Runs `fn` with its model calls counted by `meter` (and against its target). */
export function withUsageMeter<T>(meter: UsageMeter, fn: () => T): T {
  return storage.run({ meter, target: meter.target }, fn);
}

/** Runs `fn` with its model calls also counted against `target` (a wiki page within a run). */
export function withUsageTarget<T>(target: UsageTarget, fn: () => T): T {
  const current = storage.getStore();
  return storage.run(
    { meter: current?.meter ?? null, target: { ...current?.target, ...target } },
    fn,
  );
}

/** The meter and target of the calling code, as the model middleware sees them. */
export function currentUsageScope(): Scope {
  return storage.getStore() ?? { meter: null, target: {} };
}
