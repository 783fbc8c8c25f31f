// Section 4: how many stored partial events a wiki page costs when pages are written one
// at a time and three at a time (interleaved pages break the writer's text coalescing).
import { rmSync } from "node:fs";
import type { StartWikiResponse } from "../../lib/protocol/wiki";
import { api } from "../../test/support/clients";
import { FixtureRepo } from "../../test/support/fixture-repo";
import { ModelFixture } from "../../test/support/model-fixture";
import { wikiResponder, wikiShopFiles } from "../../test/support/wiki-fixture";
import {
  type ServerProcess,
  startBenchServer,
  stopAndRemove,
  storedEvents,
  waitForRun,
} from "./cartograph";
import type { BenchOptions } from "./options";
import { newTable, progress, type SectionOutput } from "./section";
import { quantity, ratio, seconds } from "./stats";

const MODEL_CHUNK_DELAY_MS = 10;
const CONCURRENCIES = [1, 3];
/** Prose every page also says, so a page streams for about a second. */
const PAGE_PROSE = Array.from(
  { length: 12 },
  (_, index) => `Step ${index + 1} hands the order to the next stage and records what it did.`,
).join(" ");

export async function benchWikiPartials(_options: BenchOptions, out: SectionOutput) {
  const model = await new ModelFixture({
    delayMs: MODEL_CHUNK_DELAY_MS,
    respond: wikiResponder({ quote: PAGE_PROSE }),
  }).start();
  const { allowedRoot, repo } = FixtureRepo.inNewRoot("shop");
  repo.write(wikiShopFiles).commit("shop");
  const results = newTable("Stored events per wiki page", [
    "page concurrency",
    "pages",
    "partial events",
    "partial events/page",
    "all events/page",
    "ratio to concurrency 1",
    "generation time",
  ]);
  out.tables.push(results);
  let perPageAtOne = Number.NaN;
  try {
    for (const concurrency of CONCURRENCIES) {
      progress("wiki", `generating a wiki, ${concurrency} page(s) at once`);
      let server: ServerProcess | undefined;
      try {
        server = await startBenchServer({
          env: {
            CARTOGRAPH_LOCAL_ROOTS: allowedRoot,
            OPENAI_BASE_URL: model.url,
            CHAT_MODEL: "fixture-chat",
            WIKI_PAGE_CONCURRENCY: String(concurrency),
          },
        });
        const began = performance.now();
        const started = await api<StartWikiResponse>(server.url, "/api/wikis", {
          method: "POST",
          json: { repo_url: repo.dir },
        });
        const runId = started.body.research_id;
        if (!runId) throw new Error(`the wiki did not start: ${JSON.stringify(started.body)}`);
        await waitForRun(server, runId, 10 * 60_000);
        const generationMs = performance.now() - began;
        const events = await storedEvents(server, runId);
        const partials = events.filter((event) => event.type === "partial");
        const pages = new Set(partials.map((event) => event.partial?.page_id)).size;
        const perPage = partials.length / pages;
        if (concurrency === 1) perPageAtOne = perPage;
        results.rows.push([
          concurrency,
          pages,
          partials.length,
          quantity(perPage, "events/page"),
          quantity(events.length / pages, "events/page"),
          ratio(perPage, perPageAtOne),
          seconds(generationMs / 1000),
        ]);
      } finally {
        await stopAndRemove(server);
      }
    }
  } finally {
    await model.stop();
    rmSync(allowedRoot, { recursive: true, force: true });
  }
  out.notes.push(
    `The wiki tests' shop repository and fixture model (deterministic plan and pages, ${MODEL_CHUNK_DELAY_MS} ms between words, about ${PAGE_PROSE.split(" ").length + 30} words a page); WIKI_PAGE_CONCURRENCY set per server.`,
    "Events read back from GET /api/research/{id}/logs; pages = distinct page_id of the partial events.",
  );
}
