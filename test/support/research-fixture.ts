import { api } from "./clients";
import { FixtureRepo } from "./fixture-repo";
import type { ChatCall } from "./model-fixture";

/** A small shop repository: checkout → payments → retry with backoff, and refunds. */
export function createShopRepo(): {
  allowedRoot: string;
  repoDir: string;
  repo: FixtureRepo;
  lineCounts: Map<string, number>;
} {
  const fixture = FixtureRepo.inNewRoot("shop");
  const files: Record<string, string> = {
    "src/checkout.ts":
      "import { charge } from './payments';\nexport async function checkout(order: Order) {\n  // charge the customer\n  return charge(order.customer, order.total);\n}\n",
    "src/payments.ts":
      "import { retry } from './retry';\nexport function charge(customer: string, total: number) {\n  return retry(() => gateway.charge(customer, total), 3);\n}\n",
    "src/retry.ts":
      "export async function retry<T>(operation: () => Promise<T>, attempts: number): Promise<T> {\n  let delay = 100;\n  for (let attempt = 1; ; attempt++) {\n    try { return await operation(); } catch (error) {\n      if (attempt >= attempts) throw error;\n      await new Promise((resolve) => setTimeout(resolve, delay)); // backoff: wait between attempts\n      delay *= 2;\n    }\n  }\n}\n",
    "src/refunds.ts":
      "import { charge } from './payments';\n// refund policy: a refund is a negative charge\nexport function refund(customer: string, amount: number) {\n  return charge(customer, -amount);\n}\n",
    "README.md": "# Shop\n\nCheckout charges customers; refunds give money back.\n",
  };
  fixture.repo.write(files);
  fixture.repo.commit("first");
  const lineCounts = new Map(
    Object.entries(files).map(([path, text]) => [path, text.replace(/\n$/, "").split("\n").length]),
  );
  return {
    allowedRoot: fixture.allowedRoot,
    repoDir: fixture.repo.dir,
    repo: fixture.repo,
    lineCounts,
  };
}

const promptOf = (call: ChatCall) => call.messages.map((message) => message.content).join("\n");
const firstPassage = (text: string) => /^--- ([\w./-]+:\d+-\d+)$/m.exec(text)?.[1];

export const isPlanCall = (call: ChatCall) =>
  promptOf(call).includes("You are planning a research");
export const isIterationCall = (call: ChatCall) =>
  promptOf(call).includes("You are reviewing new evidence");

/**
 * A research-minded model: JSON for the plan, each iteration and the outline (told apart by
 * their system prompts), prose with citations for sections, one of them invented.
 */
export function researcher(call: ChatCall): string {
  const prompt = promptOf(call);
  const cite = firstPassage(prompt) ?? "src/checkout.ts:1-5";
  if (prompt.includes("You are planning a research")) {
    const followUp = prompt.includes("This is a follow-up");
    return JSON.stringify({
      sub_questions: followUp
        ? ["How are refunds made?"]
        : ["How does checkout charge a customer?", "How long does retry wait?"],
      // A follow-up proposes an old query again: it must not be rerun.
      queries: followUp
        ? ["checkout charge", "refund policy"]
        : ["checkout charge", "payments gateway"],
    });
  }
  if (prompt.includes("You are reviewing new evidence")) {
    const iteration = Number(/in iteration (\d+) of/.exec(prompt)?.[1] ?? 1);
    if (iteration === 1) {
      return `Here is what I found:\n\`\`\`json\n${JSON.stringify({
        findings: [{ claim: "Checkout delegates charging to payments", citations: [cite] }],
        open_questions: ["How long does retry wait?"],
        // "checkout charge" was already run: the engine must skip it.
        next_queries: ["checkout charge", "retry backoff delay"],
        files_to_read: ["src/retry.ts"],
        complete: false,
      })}\n\`\`\``;
    }
    return JSON.stringify({
      findings: [
        { claim: "Retry doubles its delay after each failed attempt", citations: [cite] },
        { claim: "An invented finding", citations: ["src/ghost.ts:1-4"] },
      ],
      open_questions: [],
      next_queries: [],
      files_to_read: [],
      complete: true,
    });
  }
  if (prompt.includes("You are outlining a research report")) {
    return JSON.stringify({
      title: "How checkout charges",
      sections: [
        { heading: "Answer", focus: "the direct answer" },
        { heading: "Retries", focus: "how retries wait" },
      ],
    });
  }
  if (prompt.includes("You are writing one section")) {
    return `The code in ${cite} does it. See also src/invented.ts:10-20 and src/retry.ts:1-999.`;
  }
  return `Checkout charges through payments (${cite}).`;
}

export async function startResearch(base: string, body: Record<string, unknown>) {
  return api<{ status: string; research_id: string; queue_position?: number; message?: string }>(
    base,
    "/api/start_research",
    { method: "POST", json: body },
  );
}
