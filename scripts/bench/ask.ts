// Section 1: Ask over /ws/chat against a bare relay to the same model, at rising concurrency.
import { ModelFixture } from "../../test/support/model-fixture";
import { indexRepository, type ServerProcess, startBenchServer, stopAndRemove } from "./cartograph";
import {
  connecting,
  createChatLoad,
  failures,
  firstToken,
  openToFirstToken,
  type Sample,
  total,
  untilModel,
} from "./chat-load";
import { buildCorpus } from "./corpus";
import { idleHealth, sampleHealth } from "./health-sampler";
import type { BenchOptions } from "./options";
import { cpuMsOf, ownCpuMs } from "./process-cpu";
import { startRelay } from "./relay-floor";
import type { Cell, Table } from "./report";
import { newTable, progress, type SectionOutput } from "./section";
import { ms, p50, p99, ratio } from "./stats";

/** Milliseconds between the fixture model's streamed words. */
const MODEL_CHUNK_DELAY_MS = 10;
const CORPUS_FILES = 400;

export async function benchAsk(options: BenchOptions, out: SectionOutput): Promise<void> {
  const corpus = buildCorpus(CORPUS_FILES);
  const chats = createChatLoad(corpus.repo.dir);
  const model = new ModelFixture({ delayMs: MODEL_CHUNK_DELAY_MS, respond: chats.respond });
  let relay: Awaited<ReturnType<typeof startRelay>> | undefined;
  let server: ServerProcess | undefined;
  try {
    await model.start();
    relay = await startRelay(model.url);
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
    // Warm both paths (JIT, connection pools, the first search) before anything is measured.
    await chats.run(relay.url, { concurrency: 1, chats: 5 });
    await chats.run(chatUrl, { concurrency: 1, chats: 5 });
    const idle = await idleHealth(server.url);

    const tables = askTables();
    out.tables.push(tables.ttft, tables.beforeModel, tables.connect, tables.cpu);
    const highest = Math.max(...options.concurrency);
    for (const concurrency of options.concurrency) {
      const level = { concurrency, chats: Math.max(3 * concurrency, options.quick ? 20 : 40) };
      progress("chat", `${level.chats} chats, ${concurrency} at once: relay, then Cartograph`);
      const benchAtStart = ownCpuMs();
      const floor = await chats.run(relay.url, level);
      const benchWithRelay = ownCpuMs() - benchAtStart;
      const health = concurrency === highest ? sampleHealth(server.url) : undefined;
      const pid = server.process.pid!;
      const serverAtStart = { all: cpuMsOf(pid), main: cpuMsOf(pid, pid), bench: ownCpuMs() };
      const measured = await chats.run(chatUrl, level);
      const cpu = {
        all: cpuMsOf(pid) - serverAtStart.all,
        main: cpuMsOf(pid, pid) - serverAtStart.main,
        // The bench's clients and model do the same work in both runs: what the bench spent
        // more while the relay ran is the relay's.
        relay: benchWithRelay - (ownCpuMs() - serverAtStart.bench),
      };
      const loaded = await health?.stop();
      addLevelRows(tables, level.chats, concurrency, floor, measured);
      tables.cpu.rows.push([
        concurrency,
        level.chats,
        cpu.relay > 0 ? ms(cpu.relay / level.chats) : "–",
        ms(cpu.all / level.chats),
        ms(cpu.main / level.chats),
        cpu.relay > 0 ? ratio(cpu.all, cpu.relay) : "–",
      ]);
      if (loaded) out.tables.push(healthTable(concurrency, idle, loaded));
    }
    out.notes.push(
      `Repository: a ${CORPUS_FILES}-file corpus from node_modules, indexed before the chats.`,
      `Model: the test fixture (OpenAI-compatible SSE), ${MODEL_CHUNK_DELAY_MS} ms between words; the relay calls the same fixture.`,
      "TTFT and total are measured from the request frame sent to the first text frame / the close; each chat comes from its own 127.x.y.z address (the server's per-address chat budget).",
      "Connecting is measured from opening the WebSocket to the upgrade's answer: it holds the wait in the listening socket's accept queue, which TTFT does not see. Open → first token is both: what a user waits for.",
      "Chats run as a closed loop: `concurrent chats` in flight, each starting the next when it ends.",
      "CPU per chat: the server process's user + system time over the run (all threads, and its main thread alone), from /proc in 10 ms ticks, divided by the chats; the relay's is what the bench process spent more while the relay ran than while Cartograph did (its clients and the model do the same work both times), an estimate.",
      "/health is asked every 50 ms without waiting for the previous answer (so a stall shows as slow samples, not as missing ones); its floor is the same sampling at rest, after the warm-up chats.",
    );
  } finally {
    await stopAndRemove(server);
    await relay?.stop();
    await model.stop();
    corpus.remove();
  }
}

function askTables() {
  return {
    ttft: newTable("Time to first token and to the end of the answer", [
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
      "relay open → first token p50",
      "Cartograph open → first token p50",
      "ratio open → first token p50",
      "failed chats",
    ]),
    beforeModel: newTable("Server work before the model is called (model arrival − client send)", [
      "concurrent chats",
      "relay p50",
      "relay p99",
      "Cartograph p50",
      "Cartograph p99",
      "Cartograph − relay p50",
      "Cartograph − relay p99",
    ]),
    connect: newTable("Connecting: a new WebSocket until its upgrade is answered", [
      "concurrent chats",
      "relay p50",
      "relay p99",
      "Cartograph p50",
      "Cartograph p99",
      "ratio p50",
      "ratio p99",
    ]),
    cpu: newTable("CPU per chat", [
      "concurrent chats",
      "chats",
      "relay (estimate)",
      "Cartograph, all threads",
      "Cartograph, main thread",
      "ratio, all threads",
    ]),
  };
}

function addLevelRows(
  tables: ReturnType<typeof askTables>,
  chats: number,
  concurrency: number,
  floor: Sample[],
  measured: Sample[],
): void {
  // Each measure of the relay and of Cartograph's chats, side by side.
  const both = (measure: (samples: Sample[]) => number[]) => ({
    relay: measure(floor),
    own: measure(measured),
  });
  const first = both(firstToken);
  const whole = both(total);
  const openToFirst = both(openToFirstToken);
  tables.ttft.rows.push([
    concurrency,
    chats,
    ...percentilesSideBySide(first, ratio),
    ms(p50(whole.relay)),
    ms(p50(whole.own)),
    ratio(p50(whole.own), p50(whole.relay)),
    ms(p50(openToFirst.relay)),
    ms(p50(openToFirst.own)),
    ratio(p50(openToFirst.own), p50(openToFirst.relay)),
    failures(floor) + failures(measured),
  ]);
  const difference = (own: number, relay: number) => ms(own - relay);
  tables.beforeModel.rows.push([
    concurrency,
    ...percentilesSideBySide(both(untilModel), difference),
  ]);
  tables.connect.rows.push([concurrency, ...percentilesSideBySide(both(connecting), ratio)]);
}

/** Relay p50 and p99, Cartograph p50 and p99, then Cartograph against the relay at each. */
function percentilesSideBySide(
  values: { relay: number[]; own: number[] },
  against: (own: number, relay: number) => Cell,
): Cell[] {
  const { relay, own } = values;
  return [
    ms(p50(relay)),
    ms(p99(relay)),
    ms(p50(own)),
    ms(p99(own)),
    against(p50(own), p50(relay)),
    against(p99(own), p99(relay)),
  ];
}

function healthTable(
  concurrency: number,
  idle: number[],
  loaded: { latencies: number[]; failures: number },
): Table {
  return {
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
  };
}
