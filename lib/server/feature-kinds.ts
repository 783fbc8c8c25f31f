import path from "node:path";
import { createIndexRunKind } from "../repos/index-run";
import { createResearchRunKind } from "../research/run-kind";
import type { RunKind } from "../runs/kinds";
import type { Services } from "../services";
import { createWikiRunKind } from "../wiki/run";

/** The run kinds of Cartograph's features, built over the shared services. */
// biome-ignore lint/suspicious/noExplicitAny: each kind validates its own input type.
export function featureKinds(services: Services): RunKind<any>[] {
  const { config, database, vault, search, queryRewrite, embedder, models, parser } = services;
  return [
    createResearchRunKind({ db: database.db, search, queryRewrite, models }),
    createWikiRunKind({
      db: database.db,
      models,
      search,
      pageConcurrency: config.WIKI_PAGE_CONCURRENCY,
    }),
    createIndexRunKind({
      db: database.db,
      vault,
      cacheDir: path.resolve(config.DATA_DIR, "repos"),
      allowPrivateHosts: config.CARTOGRAPH_ALLOW_PRIVATE_HOSTS,
      maxFileBytes: config.MAX_FILE_BYTES,
      gitTimeoutMs: config.GIT_TIMEOUT_MS,
      embedder,
      parser,
      prepareSearch: async (snapshotId) => {
        await search.prepare(snapshotId);
      },
    }),
  ];
}
