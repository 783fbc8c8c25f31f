import type { ChatCall } from "./model-fixture";

export interface WikiResponderOptions {
  /** Each page also cites a file that does not exist (the check must unlink it). */
  inventCitation?: boolean;
  /** Pages whose title contains this get a Mermaid diagram that does not parse. */
  brokenDiagramIn?: string;
  /** What the repair request gets back: a fixed diagram, or another broken one. */
  repair?: "fix" | "break";
  /** The planner answers a structure with no pages. */
  emptyPlan?: boolean;
  /** Every page also says this (text quoted from the sources, say). */
  quote?: string;
  /** The answer to anything that is not a wiki prompt. */
  fallback?: (call: ChatCall) => string;
}

const BROKEN_DIAGRAM = "graph TD\n  A[unclosed --> B";

/**
 * A deterministic "model" for wiki generation: the planner gets a JSON structure built
 * from the paths it was shown, each page prose citing real lines of its first file, with
 * a diagram and a link to another page.
 */
export function wikiResponder(options: WikiResponderOptions = {}) {
  return (call: ChatCall): string => {
    const system = call.messages.find((message) => message.role === "system")?.content ?? "";
    const prompt = call.messages
      .filter((message) => message.role === "user")
      .map((message) => message.content)
      .join("\n");
    if (system.includes("You plan a wiki")) return plan(prompt, options);
    if (prompt.startsWith("This Mermaid diagram does not parse"))
      return options.repair === "break"
        ? `\`\`\`mermaid\n${BROKEN_DIAGRAM}\n\`\`\``
        : "```mermaid\nflowchart TD\n  A[Caller] --> B[Callee]\n```";
    if (system.includes("You write one page of the wiki")) return page(system, prompt, options);
    return options.fallback?.(call) ?? "Fixture answer.";
  };
}

function plan(prompt: string, options: WikiResponderOptions): string {
  const paths = prompt
    .slice(prompt.indexOf("Paths you may use as relevant_files:"))
    .split("\n")
    .slice(1)
    .filter((line) => /^[\w@./-]+\.\w+$/.test(line.trim()));
  const code = paths.filter((path) => !/readme|\.md$|\.json$/i.test(path));
  const readme = paths.find((path) => /readme/i.test(path));
  const pages = [
    {
      id: "overview",
      title: "Overview",
      description: "What the project does",
      importance: "high",
      relevant_files: [readme, code[0], "does/not/exist.ts"].filter(Boolean),
      related_pages: ["architecture"],
      parent_section: "intro",
    },
    ...code.slice(0, 4).map((path, index) => ({
      id: index === 0 ? "architecture" : `module-${index}`,
      title: index === 0 ? "Architecture" : `Module ${path}`,
      description: `How ${path} works`,
      importance: index === 0 ? "high" : "medium",
      relevant_files: [path],
      related_pages: ["overview"],
      parent_section: index === 0 ? "intro" : "internals",
    })),
  ];
  // A duplicate id the normaliser must make unique.
  if (code.length > 1)
    pages.push({ ...pages[1], title: "Architecture again", relevant_files: [code[1]] });
  return `Here is the plan:\n\`\`\`json\n${JSON.stringify(
    {
      title: "Fixture Wiki",
      description: "A wiki of the fixture repository",
      sections: [
        { id: "intro", title: "Introduction" },
        { id: "internals", title: "Internals" },
      ],
      pages: options.emptyPlan ? [] : pages,
    },
    null,
    2,
  )}\n\`\`\``;
}

function page(system: string, prompt: string, options: WikiResponderOptions): string {
  const title = /^Page: (.+) \(id ([\w-]+)\)$/m.exec(prompt);
  const file = /^--- ([\w@./-]+):1-(\d+)$/m.exec(prompt);
  const cite = file ? `${file[1]}:1-${Math.min(2, Number(file[2]))}` : "";
  const other = /using only these ids: ([\w-]+) \(/.exec(system)?.[1];
  const broken = options.brokenDiagramIn && title?.[1].includes(options.brokenDiagramIn);
  return [
    `## Purpose`,
    "",
    `${title?.[1] ?? "This page"} is implemented in ${cite || "the repository"}.`,
    options.inventCitation ? "It also relies on ghost/invented.ts:10-20 and more." : "",
    other ? `See also [the other page](wiki:${other}) and [a missing one](wiki:no-such-page).` : "",
    options.quote ?? "",
    "",
    "## Flow",
    "",
    "```mermaid",
    broken ? BROKEN_DIAGRAM : "flowchart LR\n  A[Request] --> B[Handler]",
    "```",
    "",
  ].join("\n");
}

/** A small shop (checkout → payments → retry) with a README and a manifest: the wiki tests' repository. */
export const wikiShopFiles: Record<string, string> = {
  "README.md": "# Shop\n\nA small shop: checkout, payments and retries.\n",
  "package.json": '{ "name": "shop", "main": "src/index.ts" }\n',
  "src/index.ts":
    "import { checkout } from './checkout';\nexport function main() {\n  return checkout({ customer: 'c', total: 1 });\n}\n",
  "src/checkout.ts":
    "import { charge } from './payments';\nexport interface Order { customer: string; total: number }\nexport async function checkout(order: Order) {\n  return charge(order.customer, order.total);\n}\n",
  "src/payments.ts":
    "import { retry } from './retry';\nexport function charge(customer: string, total: number) {\n  return retry(() => Promise.resolve({ customer, total }), 3);\n}\n",
  "src/retry.ts":
    "export async function retry<T>(operation: () => Promise<T>, attempts: number): Promise<T> {\n  for (let attempt = 1; ; attempt++) {\n    try { return await operation(); } catch (error) {\n      if (attempt >= attempts) throw error;\n    }\n  }\n}\n",
};
