import { parseArgs } from "node:util";

export const SECTION_IDS = ["chat", "index", "reindex", "wiki", "fanout", "replay"] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface BenchOptions {
  sections: SectionId[];
  /** Corpus sizes in git files, for indexing and re-indexing. */
  sizes: number[];
  /** Concurrent chats at each Ask level. */
  concurrency: number[];
  /** Socket.IO subscribers of one run. */
  subscribers: number;
  /** Rounds of the search query set at each size. */
  searchRounds: number;
  quick: boolean;
  outDir: string;
  /** Keep the sections of the report in `outDir` that this run does not measure. */
  merge: boolean;
}

const FULL = {
  sizes: [400, 3_500, 8_600, 19_000, 100_000],
  concurrency: [1, 50, 200],
  subscribers: 1_000,
  searchRounds: 10,
};
const QUICK = { sizes: [400, 1_500], concurrency: [1, 10, 50], subscribers: 200, searchRounds: 3 };

export const USAGE = `Usage: npm run bench -- [--quick] [--only chat,index,reindex,wiki,fanout,replay]
       [--sizes 400,3500] [--concurrency 1,50,200] [--subscribers 1000] [--rounds 10] [--out bench]
       [--merge]   keep the sections of the report in --out that this run does not measure`;

const numbers = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value.split(",").map((item) => {
        const parsed = Number(item.replaceAll("_", "").trim());
        if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`not a count: ${item}`);
        return parsed;
      });

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      sizes: { type: "string" },
      concurrency: { type: "string" },
      subscribers: { type: "string" },
      rounds: { type: "string" },
      out: { type: "string", default: "bench" },
      merge: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const defaults = values.quick ? QUICK : FULL;
  const sections = (values.only?.split(",") ?? [...SECTION_IDS]).map((name) => name.trim());
  const unknown = sections.filter((name) => !(SECTION_IDS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(", ")}\n${USAGE}`);
  return {
    sections: sections as SectionId[],
    sizes: numbers(values.sizes) ?? defaults.sizes,
    concurrency: numbers(values.concurrency) ?? defaults.concurrency,
    subscribers: numbers(values.subscribers)?.[0] ?? defaults.subscribers,
    searchRounds: numbers(values.rounds)?.[0] ?? defaults.searchRounds,
    quick: values.quick ?? false,
    outDir: values.out ?? "bench",
    merge: values.merge ?? false,
  };
}
