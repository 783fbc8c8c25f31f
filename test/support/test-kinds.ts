import { appendFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { AppError } from "../../lib/errors";
import type { RunContext, RunKind } from "../../lib/runs/kinds";

const inputSchema = z.object({
  steps: z.number().int().min(1).max(1000).default(5),
  delay_ms: z.number().int().min(0).max(60_000).default(50),
  logs_per_step: z.number().int().min(0).max(100).default(1),
  partial_per_step: z.number().int().min(0).max(100).default(0),
  fail_at: z.number().int().min(1).optional(),
  label: z.string().max(100).default("test"),
});
type Input = z.infer<typeof inputSchema>;

/** Files the test process reads to see what happened inside the server. */
const markerDir = () => process.env.TEST_MARKER_DIR ?? process.env.DATA_DIR ?? ".";

async function executeSteps(context: RunContext<Input>): Promise<unknown> {
  const { input, signal, runId } = context;
  signal.addEventListener("abort", () => {
    const reason = (signal.reason as { kind?: string } | undefined)?.kind ?? "unknown";
    writeFileSync(path.join(markerDir(), `aborted-${runId}`), reason);
  });
  context.progress({
    phase: "working",
    message: "Working",
    steps: { done: 0, total: input.steps },
  });
  for (let step = 1; step <= input.steps; step++) {
    await context.step(`step-${step}`, async () => {
      appendFileSync(path.join(markerDir(), `executed-${runId}`), `${step}\n`);
      await sleep(input.delay_ms, undefined, { signal });
      for (let line = 1; line <= input.logs_per_step; line++) {
        context.log(`step ${step} line ${line}`, { type: line === 1 ? "milestone" : "info" });
      }
      for (let part = 1; part <= input.partial_per_step; part++) {
        context.partial(`s${step}p${part} `, { pageId: `page-${step % 3}` });
      }
      if (input.fail_at === step)
        throw new AppError("internal:test", `Step ${step} failed on purpose`);
      return step;
    });
    context.progress({
      progress: (step / input.steps) * 100,
      message: `Step ${step} of ${input.steps}`,
      steps: { done: step, total: input.steps },
    });
  }
  return { steps: input.steps, label: input.label };
}

/** Resumable: every step is memoised, so a restarted server continues where it stopped. */
export const stepsKind: RunKind<Input> = {
  kind: "test.steps",
  input: inputSchema,
  describe: (input) => `${input.label}: ${input.steps} steps`,
  resumable: true,
  startable: true,
  execute: executeSteps,
};

/** Not resumable: a run interrupted by a crash must end failed with a reason. */
export const onceKind: RunKind<Input> = {
  kind: "test.once",
  input: inputSchema,
  describe: (input) => `${input.label}: ${input.steps} steps, once`,
  resumable: false,
  startable: true,
  execute: executeSteps,
};

export const testKinds = [stepsKind, onceKind];
