import { rmSync } from "node:fs";
import path from "node:path";
// @ts-expect-error: plain .mjs shared with `npm start`
import { ensureBuild } from "../scripts/ensure-build.mjs";
import { FixtureRepo } from "../test/support/fixture-repo";
import { type ChatCall, defaultAnswer, ModelFixture } from "../test/support/model-fixture";
import { researcher } from "../test/support/research-fixture";
import { startServerProcess } from "../test/support/server-process";
import { startRunDirectory } from "../test/support/temporary-directory";
import { wikiResponder } from "../test/support/wiki-fixture";

/**
 * One server for the browser suite, on a random port with a fresh data directory, allowed
 * to read local repositories under a fresh temporary root that holds the fixtures:
 * `shop` (E2E_FIXTURE_REPO), a small TypeScript and Python project with enough files that
 * indexing it takes a visible moment, and `scratch` (E2E_SCRATCH_REPO), one to delete.
 */
export default async function globalSetup() {
  ensureBuild();
  // Every temporary directory of the run (this server's, the specs' own) goes with it.
  const run = startRunDirectory();
  const { allowedRoot, repo: shop } = FixtureRepo.inNewRoot("shop");
  shop.write(shopFiles()).commit("A small shop");
  new FixtureRepo(path.join(allowedRoot, "scratch"))
    .write({ "notes.py": 'def scratch_note():\n    return "scratch"\n' })
    .commit("Scratch");

  // The project's OpenAI-compatible fixture; a delay between pieces lets tests stop mid-answer.
  // Wiki prompts get a plan and pages, research prompts plans, findings and sections;
  // everything else the default answer.
  const model = await new ModelFixture({
    delayMs: 150,
    respond: wikiResponder({ fallback: researchOr(pageAware(defaultAnswer)) }),
  }).start();
  const server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
      // The webhooks page registers a receiver on 127.0.0.1 (no test reaches the network).
      WEBHOOK_ALLOW_PRIVATE: "true",
    },
  });
  process.env.E2E_MODEL_URL = model.url;
  process.env.E2E_BASE_URL = server.url;
  process.env.E2E_DATA_DIR = server.dataDir;
  process.env.E2E_FIXTURE_REPO = shop.dir;
  process.env.E2E_SCRATCH_REPO = path.join(allowedRoot, "scratch");
  return async () => {
    await server.stop();
    await model.stop();
    rmSync(allowedRoot, { recursive: true, force: true });
    run.remove();
  };
}

/**
 * A question asked beside a wiki page: the answer says which page and files the prompt
 * held, so a browser test can see what the model was given, and cites the first file.
 */
function pageAware(fallback: (call: ChatCall) => string) {
  return (call: ChatCall): string => {
    const prompt = call.messages.map((message) => message.content).join("\n");
    const page = /The user is reading the wiki page "([^"]+)"/.exec(prompt);
    if (!page) return fallback(call);
    const files = [...prompt.matchAll(/<file path="([^"]+)"/g)].map((match) => match[1]);
    const cite = files[0] ? ` It starts at ${files[0]}:1-3.` : "";
    return `On the page "${page[1]}" (files: ${files.join(", ") || "none"}).${cite} ${fallback(call)}`;
  };
}

const researchPrompts = [
  "You are planning a research",
  "You are reviewing new evidence",
  "You are outlining a research report",
  "You are writing one section",
];

/**
 * Research runs get the research fixture's plans, findings and cited sections; a question
 * that says "take your time" gets long sections, so its run can be watched and cancelled
 * while it writes. Other prompts go to `fallback`.
 */
function researchOr(fallback: (call: ChatCall) => string) {
  return (call: ChatCall): string => {
    const prompt = call.messages.map((message) => message.content).join("\n");
    if (!researchPrompts.some((marker) => prompt.includes(marker))) return fallback(call);
    // The research fixture searches for a payments shop; this one sells carts and discounts.
    const answer = researcher(call)
      .replaceAll("checkout charge", "cart subtotal")
      .replaceAll("payments gateway", "apply discount percent")
      .replaceAll("src/checkout.ts:1-5", "src/cart.ts:10-12");
    if (prompt.includes("You are writing one section") && prompt.includes("take your time")) {
      return `${answer}\n\n${"The cart adds every line before any discount applies. ".repeat(8)}`;
    }
    return answer;
  };
}

/** How many generated catalogue modules the shop has, beside its hand-written files. */
const CATALOGUE_MODULES = 400;

function shopFiles(): Record<string, string> {
  const files: Record<string, string> = {
    "README.md": "# Shop\n\nA small shop: carts, discounts, stock and tax.\n",
    "src/cart.ts": `import { formatPrice } from "./format";

export interface CartItem {
  sku: string;
  quantity: number;
  unitPrice: number;
}

/** The sum of every line of the cart, before any discount. */
export function cartSubtotal(items: CartItem[]): number {
  return items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0);
}

/**
 * Applies a percentage discount to a total, never below zero.
 * A discount above 100 percent is treated as 100.
 */
export function applyDiscount(total: number, percent: number): number {
  const bounded = Math.min(Math.max(percent, 0), 100);
  const discounted = total - (total * bounded) / 100;
  return Math.max(0, Math.round(discounted * 100) / 100);
}

export class Cart {
  private readonly items: CartItem[] = [];

  add(item: CartItem): void {
    this.items.push(item);
  }

  summary(percent = 0): string {
    return formatPrice(applyDiscount(cartSubtotal(this.items), percent));
  }
}
`,
    "src/format.ts": `const currency = new Intl.NumberFormat("en", { style: "currency", currency: "EUR" });

export function formatPrice(amount: number): string {
  return currency.format(amount);
}
`,
    "lib/tax.py": `"""Value added tax for the shop's invoices."""

RATES = {"standard": 0.2, "reduced": 0.055}


def compute_tax(amount: float, rate: str = "standard") -> float:
    """The tax owed on an amount at one of the known rates."""
    if rate not in RATES:
        raise ValueError(f"unknown rate: {rate}")
    return round(amount * RATES[rate], 2)


def with_tax(amount: float, rate: str = "standard") -> float:
    return amount + compute_tax(amount, rate)
`,
    "lib/inventory.py": `class Inventory:
    """Stock levels by SKU."""

    def __init__(self):
        self.levels = {}

    def reserve_stock(self, sku, quantity):
        available = self.levels.get(sku, 0)
        if quantity > available:
            raise ValueError("not enough stock")
        self.levels[sku] = available - quantity
        return self.levels[sku]
`,
  };
  for (let index = 1; index <= CATALOGUE_MODULES; index++) {
    const id = String(index).padStart(3, "0");
    files[`src/catalogue/item-${id}.ts`] =
      `export const sku${id} = "SKU-${id}";\n\n` +
      `export function priceOfItem${id}(quantity: number): number {\n` +
      `  return quantity * ${index}.5;\n}\n`;
  }
  return files;
}
