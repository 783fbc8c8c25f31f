import type { LanguageModelV3 } from "@ai-sdk/provider";
import { type LanguageModelMiddleware, wrapLanguageModel } from "ai";
import { logger } from "../log";
import type { ModelPrice } from "./prices";
import { estimateTokens } from "./token-budget";
import { currentUsageScope, type MeteredCall, type UsageTarget } from "./usage-scope";

const log = logger("usage");

/** One finished model call, as the middleware hands it to be stored. */
export interface ModelCallUsage {
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  target: UsageTarget;
}

/** Prices and stores calls (lib/usage/recorder.ts); the registry wraps every model with it. */
export interface UsageRecorder {
  priceOf(model: string): Promise<ModelPrice | null>;
  record(call: ModelCallUsage): Promise<MeteredCall>;
}

type Middleware = Required<Pick<LanguageModelMiddleware, "wrapGenerate" | "wrapStream">>;
type CallOptions = Parameters<Middleware["wrapGenerate"]>[0]["params"];
type StreamResult = Awaited<ReturnType<Parameters<Middleware["wrapStream"]>[0]["doStream"]>>;
type StreamPart = StreamResult["stream"] extends ReadableStream<infer Part> ? Part : never;

type Usage = {
  inputTokens: { total: number | undefined };
  outputTokens: { total: number | undefined };
};

/**
 * Every call of this model is recorded: tokens from the provider's usage (Chat Completions
 * streams ask for it with `stream_options.include_usage`), estimated from the text when it
 * reports none; counted by the meter of the calling work, which may refuse the call first
 * when its budget cannot pay for the prompt.
 */
export function meteredModel(
  model: Parameters<typeof wrapLanguageModel>[0]["model"],
  identity: { provider: string; modelId: string },
  recorder: UsageRecorder,
): LanguageModelV3 {
  // The scope is read when the call starts: a stream is read later, from elsewhere.
  type Scope = ReturnType<typeof currentUsageScope>;
  const finish = async (
    { meter, target }: Scope,
    params: CallOptions,
    usage: Usage | undefined,
    text: string,
  ) => {
    const input = usage?.inputTokens.total;
    const output = usage?.outputTokens.total;
    const estimated = input === undefined || output === undefined;
    const recording = recorder
      .record({
        provider: identity.provider,
        model: identity.modelId,
        inputTokens: input ?? estimateTokens(promptText(params)),
        outputTokens: output ?? estimateTokens(text),
        estimated,
        target,
      })
      .then((call) => meter?.add(call))
      .catch((error: unknown) => log.error("recording a model call failed", { error }));
    meter?.track(recording);
    await recording;
  };
  const beforeCall = async (params: CallOptions): Promise<Scope> => {
    const scope = currentUsageScope();
    // Without a budget there is nothing to refuse: no estimate of the prompt, no price.
    if (scope.meter?.limited) {
      const price = await recorder.priceOf(identity.modelId);
      scope.meter.assertRoomFor(estimateTokens(promptText(params)), price?.input ?? null);
    }
    return scope;
  };
  const middleware: LanguageModelMiddleware = {
    specificationVersion: "v3",
    wrapGenerate: async ({ doGenerate, params }) => {
      const scope = await beforeCall(params);
      const result = await doGenerate();
      const text = result.content
        .map((part) => (part.type === "text" || part.type === "reasoning" ? part.text : ""))
        .join("");
      await finish(scope, params, result.usage, text);
      return result;
    },
    wrapStream: async ({ doStream, params }) => {
      const scope = await beforeCall(params);
      const { stream, ...rest } = await doStream();
      let text = "";
      let usage: Usage | undefined;
      let recorded = false;
      const record = () => {
        if (recorded) return Promise.resolve();
        recorded = true;
        return finish(scope, params, usage, text);
      };
      const reader = stream.getReader();
      // Ended, failed or left by its reader: what was produced is what was paid for.
      const counted = new ReadableStream<StreamPart>({
        async pull(controller) {
          let next: ReadableStreamReadResult<StreamPart>;
          try {
            next = await reader.read();
          } catch (error) {
            await record();
            throw error;
          }
          if (next.done) {
            await record();
            controller.close();
            return;
          }
          const part = next.value;
          if (part.type === "text-delta" || part.type === "reasoning-delta") text += part.delta;
          else if (part.type === "finish") usage = part.usage;
          controller.enqueue(part);
        },
        async cancel(reason) {
          await reader.cancel(reason);
          await record();
        },
      });
      return { stream: counted, ...rest };
    },
  };
  return wrapLanguageModel({ model, middleware });
}

/** The prompt's text, for an estimate when the provider reports no usage. */
function promptText(params: CallOptions): string {
  return params.prompt
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : message.content.map((part) => ("text" in part ? part.text : "")).join(""),
    )
    .join("\n");
}
