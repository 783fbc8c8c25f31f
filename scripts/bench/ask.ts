// Section 1: Ask over /ws/chat against a bare relay to the same model, at rising concurrency.
import { defaultAnswer, ModelFixture } from "../../test/support/model-fixture";
import { indexRepository, type ServerProcess, startBenchServer, stopAndRemove } from "./cartograph";
import { buildCorpus, type Corpus } from "./corpus";
import { idleHealth, sampleHealth } from "./health-sampler";
import type { BenchOptions } from "./options";
import { BEHAVIOUR_QUERIES } from "./queries";
import { startRelay } from "./relay-floor";
import { newTable, progress, type SectionOutput } from "./section";
import { ms, p50, p99, ratio, runConcurrently } from "./stats";
import { type ChatTiming, sourceAddress, timeChat } from "./timed-chat";

/** Milliseconds between the fixture model's streamed words. */
const MODEL_CHUNK_DELAY_MS = 10;
const CORPUS_FILES = 400;

interface Level {
  concurrency: number;
  chats: number;
}

interface Sample extends ChatTiming {
  /** When the model received this chat's request (same clock). */
  arrivedAt: number;
}

export async function benchAsk(options: BenchOptions, out: SectionOutput): Promise<void> {
  const arrivals = new Map<string, number>();
  const model = await new ModelFixture({
    delayMs: MODEL_CHUNK_DELAY_MS,
    respond: (call) => {
      const prompt = call.messages.map((message) => message.content).join("\n");
      const id = /\[bench (\w+)\]/.exec(prompt)?.[1];
      if (id && !arrivals.has(id)) arrivals.set(id, performance.now());
      return defaultAnswer(call);
    },
  }).start();
  const relay = await startRelay(model.url);
  let corpus: Corpus | undefined;
  let server: ServerProcess | undefined;
  try {
    corpus = buildCorpus(CORPUS_FILES);
    server = await startBenchServer({
      env: {
        CARTOGRAPH_LOCAL_ROOTS: corpus.allowedRoot,
        OPENAI_BASE_URL: model.url,
        CHAT_MODEL: "fixture-chat",
      },
    });
    progress("chat", `indexing a ${CORPUS_FILES}-file repository`);
    await indexRepository(server, corpus.repo.dir);
    const chatUrl = `${server.url.replace(/^http/, "ws")}/ws/chat`;
    let counter = 0;
    /** `chats` chats with `concurrency` in flight, each with its own id and source address. */
    const load = async (url: string, level: Level): Promise<Sample[]> => {
      const timings = await runConcurrently(level.chats, level.concurrency, async () => {
        const id = `c${counter++}`;
        const question = BEHAVIOUR_QUERIES[counter % BEHAVIOUR_QUERIES.length];
        const request = {
          repo_url: corpus!.repo.dir,
          messages: [{ role: "user", content: `How does the code ${question}? [bench ${id}]` }],
        };
        const timing = await timeChat(url, request, sourceAddress(counter));
        return { ...timing, arrivedAt: arrivals.get(id) ?? Number.NaN };
      });
      return timings;
    };
    // Warm both paths (JIT, connection pools, the first search) before anything is measured.
    await load(relay.url, { concurrency: 1, chats: 5 });
    await load(chatUrl, { concurrency: 1, chats: 5 });

    const idle = await idleHealth(server.url);
    const ttft = newTable("Time to first token and to the end of the answer", [
      "concurrent chats",
      "chats",
      "relay TTFT p50",
      "relay TTFT p99",
      "Cartograph TTFT p50",
      "Cartograph TTFT p99",
      "ratio p50",
      "ratio p99",
      "relay total p50",
      "Cartograph total p50",
      "ratio total p50",
      "failed chats",
    ]);
    const beforeModel = newTable(
      "Server work before the model is called (model arrival − client send)",
      [
        "concurrent chats",
        "relay p50",
        "relay p99",
        "Cartograph p50",
        "Cartograph p99",
        "Cartograph − relay p50",
        "Cartograph − relay p99",
      ],
    );
    out.tables.push(ttft, beforeModel);
    const highest = Math.max(...options.concurrency);
    for (const concurrency of options.concurrency) {
      const level = { concurrency, chats: Math.max(3 * concurrency, options.quick ? 20 : 40) };
      progress("chat", `${level.chats} chats, ${concurrency} at once: relay, then Cartograph`);
      const floor = await load(relay.url, level);
      const health = concurrency === highest ? sampleHealth(server.url) : undefined;
      const measured = await load(chatUrl, level);
      const loaded = await health?.stop();
      const ok = (samples: Sample[]) => samples.filter((sample) => sample.code === 1000);
      const firstToken = (samples: Sample[]) =>
        ok(samples).map((sample) => (sample.firstTokenAt ?? Number.NaN) - sample.sentAt);
      const total = (samples: Sample[]) =>
        ok(samples).map((sample) => sample.endAt - sample.sentAt);
      const untilModel = (samples: Sample[]) =>
        ok(samples).map((sample) => sample.arrivedAt - sample.sentAt);
      const failed = floor.length + measured.length - ok(floor).length - ok(measured).length;
      ttft.rows.push([
        concurrency,
        level.chats,
        ms(p50(firstToken(floor))),
        ms(p99(firstToken(floor))),
        ms(p50(firstToken(measured))),
        ms(p99(firstToken(measured))),
        ratio(p50(firstToken(measured)), p50(firstToken(floor))),
        ratio(p99(firstToken(measured)), p99(firstToken(floor))),
        ms(p50(total(floor))),
        ms(p50(total(measured))),
        ratio(p50(total(measured)), p50(total(floor))),
        failed,
      ]);
      beforeModel.rows.push([
        concurrency,
        ms(p50(untilModel(floor))),
        ms(p99(untilModel(floor))),
        ms(p50(untilModel(measured))),
        ms(p99(untilModel(measured))),
        ms(p50(untilModel(measured)) - p50(untilModel(floor))),
        ms(p99(untilModel(measured)) - p99(untilModel(floor))),
      ]);
      if (loaded) {
        out.tables.push({
          title: `GET /health while ${concurrency} chats run (one request every 50 ms)`,
          columns: ["when", "samples", "p50", "p99", "ratio p99 to idle", "not 200"],
          rows: [
            ["idle", idle.length, ms(p50(idle)), ms(p99(idle)), null, 0],
            [
              `${concurrency} chats`,
              loaded.latencies.length,
              ms(p50(loaded.latencies)),
              ms(p99(loaded.latencies)),
              ratio(p99(loaded.latencies), p99(idle)),
              loaded.failures,
            ],
          ],
        });
      }
    }
    out.notes.push(
      `Repository: a ${CORPUS_FILES}-file corpus from node_modules, indexed before the chats.`,
      `Model: the test fixture (OpenAI-compatible SSE), ${MODEL_CHUNK_DELAY_MS} ms between words; the relay calls the same fixture.`,
      "TTFT and total are measured from the request frame sent to the first text frame / the close; each chat comes from its own 127.x.y.z address (the server's per-address chat budget).",
      "Chats run as a closed loop: `concurrent chats` in flight, each starting the next when it ends.",
    );
  } finally {
    await stopAndRemove(server);
    await relay.stop();
    await model.stop();
    corpus?.remove();
  }
}
