// `npm run bench`: every measurement of issue #13 side by side with a floor measured in the
// same run, through the real server. Usage: see USAGE in options.ts.
// @ts-expect-error: plain .mjs shared with `npm start`
import { ensureBuild } from "../ensure-build.mjs";
import { benchAsk } from "./ask";
import { benchFanOut } from "./fan-out";
import { benchIndexing } from "./indexing";
import { type BenchOptions, parseBenchOptions, SECTION_IDS, type SectionId } from "./options";
import { benchReplay } from "./replay";
import {
  type BenchReport,
  keptSections,
  machineInfo,
  markdownSection,
  type SectionResult,
  writeReport,
} from "./report";
import { progress, type SectionOutput } from "./section";
import { benchWikiPartials } from "./wiki-partials";

type Bench = (
  options: BenchOptions,
  outputs: Partial<Record<SectionId, SectionOutput>>,
) => Promise<void>;

/** Each bench fills the outputs of the sections it serves (indexing serves two). */
const BENCHES: { serves: SectionId[]; titles: string[]; run: Bench }[] = [
  {
    serves: ["chat"],
    titles: ["1. Ask: /ws/chat against a bare relay"],
    run: (o, out) => benchAsk(o, out.chat!),
  },
  {
    serves: ["index", "reindex"],
    titles: [
      "2. Indexing, memory and search by repository size",
      "3. Re-index after a 2-file commit",
    ],
    run: (o, out) => benchIndexing(o, { index: out.index, reindex: out.reindex }),
  },
  {
    serves: ["wiki"],
    titles: ["4. Partial events per wiki page"],
    run: (o, out) => benchWikiPartials(o, out.wiki!),
  },
  {
    serves: ["fanout"],
    titles: ["5. Socket.IO fan-out of one run"],
    run: (o, out) => benchFanOut(o, out.fanout!),
  },
  {
    serves: ["replay"],
    titles: ["6. Replay of a finished run"],
    run: (o, out) => benchReplay(o, out.replay!),
  },
];

function optionsOrUsage(): BenchOptions {
  try {
    return parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const options = optionsOrUsage();
  const began = performance.now();
  ensureBuild();
  const sections: SectionResult[] = [];
  for (const bench of BENCHES) {
    const selected = bench.serves.filter((id) => options.sections.includes(id));
    if (selected.length === 0) continue;
    const outputs: Partial<Record<SectionId, SectionOutput>> = {};
    for (const id of selected) outputs[id] = { tables: [], notes: [] };
    const started = performance.now();
    let error: string | undefined;
    progress(selected.join("+"), "starting");
    try {
      await bench.run(options, outputs);
    } catch (failure) {
      const message = failure instanceof Error ? failure.message : String(failure);
      progress(selected.join("+"), `failed: ${message}`);
      // The report keeps the start of the message; the server's output tail went to stderr.
      error = message.slice(0, 1_000);
    }
    for (const id of selected) {
      const section: SectionResult = {
        id,
        title: bench.titles[bench.serves.indexOf(id)],
        ...outputs[id]!,
        error,
        seconds: (performance.now() - started) / 1000,
      };
      sections.push(section);
      process.stdout.write(`\n${markdownSection(section)}\n`);
    }
  }
  if (options.merge) {
    const kept = keptSections(
      options.outDir,
      sections.map((section) => section.id),
    );
    sections.push(...kept);
    sections.sort(
      (a, b) => SECTION_IDS.indexOf(a.id as SectionId) - SECTION_IDS.indexOf(b.id as SectionId),
    );
  }
  const report: BenchReport = {
    machine: machineInfo(),
    date: new Date().toISOString(),
    argv: process.argv.slice(2),
    seconds: (performance.now() - began) / 1000,
    sections,
  };
  const written = writeReport(report, options.outDir);
  progress("bench", `wrote ${written.join(" and ")}`);
}

await main();
