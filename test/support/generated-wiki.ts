import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "vitest";
import type { StartWikiResponse, WikiView } from "../../lib/protocol/wiki";
import { api, waitForStatus } from "./clients";
import { FixtureRepo } from "./fixture-repo";
import { ModelFixture } from "./model-fixture";
import { type ServerProcess, startServerProcess } from "./server-process";
import { wikiResponder, wikiShopFiles } from "./wiki-fixture";

/** A token-shaped credential, built at run time so no such literal sits in the source. */
export const TOKEN = ["ghp", "Secret0123456789abcdefghijklmnopqrstu"].join("_");

export interface GeneratedWiki {
  model: ModelFixture;
  server: ServerProcess;
  fixture: { allowedRoot: string; repo: FixtureRepo };
  wiki: WikiView;
  /** The run that generated it. */
  runId: string;
  stop(): Promise<void>;
}

/**
 * The shop fixture with a credential committed to its README (which the model also
 * quotes), a server on the fixture model, and a wiki generated from it: what the export
 * and DeepWiki tests read.
 */
export async function startWithGeneratedWiki(): Promise<GeneratedWiki> {
  const model = await new ModelFixture({
    delayMs: 2,
    respond: wikiResponder({ quote: `Run it with GITHUB_TOKEN=${TOKEN} in the environment.` }),
  }).start();
  const fixture = FixtureRepo.inNewRoot("shop");
  fixture.repo
    .write({
      ...wikiShopFiles,
      "README.md": `${wikiShopFiles["README.md"]}\nDeploy with GITHUB_TOKEN=${TOKEN} set.\n`,
    })
    .commit("first");
  const server = await startServerProcess({
    env: {
      CARTOGRAPH_LOCAL_ROOTS: fixture.allowedRoot,
      OPENAI_BASE_URL: model.url,
      CHAT_MODEL: "fixture-chat",
    },
  });
  const started = await api<StartWikiResponse>(server.url, "/api/wikis", {
    method: "POST",
    json: { repo_url: fixture.repo.dir },
  });
  expect(started.status).toBe(202);
  const runId = started.body.research_id as string;
  const run = await waitForStatus(server.url, runId, ["completed", "failed"], 60_000);
  expect(run.status).toBe("completed");
  const wiki = (await api<WikiView>(server.url, `/api/wikis/${started.body.wiki_id}`)).body;
  expect(wiki.status).toBe("ready");
  return {
    model,
    server,
    fixture,
    wiki,
    runId,
    async stop() {
      await server.stop();
      await model.stop();
    },
  };
}

export async function download(base: string, pathname: string, init: RequestInit = {}) {
  const response = await fetch(new URL(pathname, base), init);
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    disposition: response.headers.get("content-disposition") ?? "",
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

export function unzip(bytes: Buffer): Map<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), "wiki-export-"));
  const archive = path.join(dir, "wiki.zip");
  writeFileSync(archive, bytes);
  const names = execFileSync("unzip", ["-Z1", archive], { encoding: "utf8" })
    .split("\n")
    .filter(Boolean);
  execFileSync("unzip", ["-q", archive, "-d", path.join(dir, "out")]);
  return new Map(names.map((name) => [name, readFileSync(path.join(dir, "out", name), "utf8")]));
}
