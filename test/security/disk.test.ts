import { execFileSync } from "node:child_process";
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, runStatus, startTestRun, waitFor, waitForStatus } from "../support/clients";
import { FixtureRepo } from "../support/fixture-repo";
import { type ServerProcess, startServerProcess } from "../support/server-process";

const MB = 1024 * 1024;
const freeMbOf = (dir: string) => {
  const stats = statfsSync(dir);
  return Math.floor((stats.bavail * stats.bsize) / MB);
};

/** Takes `mb` of real disk space next to the data (fallocate, else written zeros). */
function fill(file: string, mb: number): void {
  try {
    execFileSync("fallocate", ["-l", `${mb}M`, file]);
    return;
  } catch {
    const chunk = Buffer.alloc(MB);
    const fd = openSync(file, "w");
    try {
      for (let written = 0; written < mb; written++) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
  }
}

interface Refusal {
  status: string;
  message: string;
  error: { code: string; message: string };
}
interface Health {
  status: string;
  database: { status: string };
  disk: string;
  disk_free_mb: number;
  disk_min_free_mb: number;
}
interface LoggedEvent {
  status: string;
  log_entry?: { message: string; type: string };
}

let root: string;
let repo: FixtureRepo;

beforeAll(() => {
  ({ allowedRoot: root, repo } = FixtureRepo.inNewRoot("big"));
  // Enough files that indexing them takes several steps (of 200 files) and some seconds.
  const files: Record<string, string> = {};
  for (let n = 0; n < 1_000; n++) {
    files[`src/module-${n}.ts`] = Array.from(
      { length: 40 },
      (_, line) =>
        `export function f${n}_${line}(value: number): number {\n  return value * ${line} + ${n};\n}\n`,
    ).join("\n");
  }
  repo.write(files).commit("many files");
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("with MIN_FREE_DISK_MB above the free space of DATA_DIR", () => {
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess({
      env: { MIN_FREE_DISK_MB: "100000000", CARTOGRAPH_LOCAL_ROOTS: root },
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const expectRefused = (response: { status: number; body: unknown }) => {
    expect(response.status).toBe(507);
    const body = response.body as Refusal;
    expect(body.error.code).toBe("insufficient_storage:disk");
    expect(body.message).toMatch(/DATA_DIR has \d+ MB free, needs 100000000 MB/);
    expect(body.message).toMatch(/free space/i);
  };

  it("refuses new runs, repositories, wikis and cache imports with 507 and writes no run", async () => {
    expectRefused(
      await api(server.url, "/api/runs", {
        method: "POST",
        json: { kind: "test.steps", input: { steps: 1 } },
      }),
    );
    expectRefused(
      await api(server.url, "/api/repos", { method: "POST", json: { repo_url: repo.dir } }),
    );
    expectRefused(
      await api(server.url, "/api/wikis", { method: "POST", json: { repo_url: repo.dir } }),
    );
    expectRefused(
      await api(server.url, "/api/start_research", {
        method: "POST",
        json: { query: "How is f1_1 used?", repo_url: repo.dir },
      }),
    );
    expectRefused(
      await api(server.url, "/api/wiki_cache", {
        method: "POST",
        json: {
          repo: { owner: "local", repo: "big", type: "local", repoUrl: repo.dir },
          language: "en",
          wiki_structure: { id: "w", title: "Big", description: "", pages: [] },
          generated_pages: {},
          provider: "google",
          model: "gemini-2.0-flash",
        },
      }),
    );
    const history = await api<{ total: number }>(server.url, "/api/history?limit=10");
    expect(history.status).toBe(200);
    expect(history.body.total).toBe(0);
  });

  it("answers /health with 503 and the disk low", async () => {
    const health = await api<Health>(server.url, "/health");
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: "unhealthy",
      database: { status: "up" },
      disk: "low",
      disk_min_free_mb: 100_000_000,
    });
    expect(health.body.disk_free_mb).toBeLessThan(100_000_000);
  });
});

describe("when the disk fills up under running runs", () => {
  let server: ServerProcess | undefined;
  let filler: string | undefined;

  afterEach(async () => {
    if (filler) rmSync(filler, { force: true });
    await server?.stop();
  });

  it("pauses them with the reason, reports 503, and resumes them once space is freed", async () => {
    // A threshold 1 GB under today's free space; a 2 GB file then puts DATA_DIR 1 GB below it,
    // with room either way for whatever else writes to this disk meanwhile.
    const dataDirToBe = mkdtempSync(path.join(tmpdir(), "cartograph-test-"));
    const threshold = freeMbOf(dataDirToBe) - 1_000;
    expect(threshold).toBeGreaterThan(0);
    server = await startServerProcess({
      dataDir: dataDirToBe,
      env: { MIN_FREE_DISK_MB: String(threshold), CARTOGRAPH_LOCAL_ROOTS: root },
    });
    const { url, dataDir } = server;
    expect((await api<Health>(url, "/health")).body.disk).toBe("ok");

    const steps = await startTestRun(url, { steps: 12, delay_ms: 300 });
    const index = await api<{ research_id: string; snapshot_id: string; repo_id: string }>(
      url,
      "/api/repos",
      { method: "POST", json: { repo_url: repo.dir } },
    );
    expect(index.status).toBe(202);
    const indexId = index.body.research_id;
    await waitFor(async () => ((await runStatus(url, steps.research_id)).steps?.done ?? 0) >= 2, {
      what: "two steps done",
    });
    expect((await runStatus(url, indexId)).status).toBe("in_progress");

    filler = path.join(dataDir, "filler");
    fill(filler, 2_000);

    for (const id of [steps.research_id, indexId]) {
      const paused = await waitFor(
        async () => {
          const snapshot = await runStatus(url, id);
          return snapshot.status === "queued" && snapshot.message.startsWith("Paused")
            ? snapshot
            : undefined;
        },
        { what: `run ${id} to pause`, timeoutMs: 20_000 },
      );
      expect(paused.message).toMatch(
        new RegExp(
          `^Paused: DATA_DIR has \\d+ MB free, needs ${threshold} MB .*; free space to continue$`,
        ),
      );
      const logs = await api<{ events: LoggedEvent[] }>(url, `/api/research/${id}/logs?limit=1000`);
      expect(logs.body.events.at(-1)).toMatchObject({
        status: "queued",
        log_entry: { message: paused.message, type: "warning" },
      });
    }
    const health = await api<Health>(url, "/health");
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ disk: "low", disk_min_free_mb: threshold });

    // Nothing moves while the disk is low.
    const doneWhilePaused = (await runStatus(url, steps.research_id)).steps?.done;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const still = await runStatus(url, steps.research_id);
    expect(still.status).toBe("queued");
    expect(still.steps?.done).toBe(doneWhilePaused);
    expect(
      await api(url, "/api/runs", { method: "POST", json: { kind: "test.steps", input: {} } }),
    ).toMatchObject({ status: 507 });

    rmSync(filler, { force: true });
    filler = undefined;

    const completed = await waitForStatus(url, steps.research_id, ["completed"], 30_000);
    expect(completed.steps).toEqual({ done: 12, total: 12 });
    // Paused between steps: every step ran exactly once.
    const executed = readFileSync(path.join(dataDir, `executed-${steps.research_id}`), "utf8")
      .trim()
      .split("\n")
      .map(Number);
    expect(executed).toEqual(Array.from({ length: 12 }, (_, n) => n + 1));
    const logs = await api<{ events: LoggedEvent[] }>(
      url,
      `/api/research/${steps.research_id}/logs?limit=1000`,
    );
    const messages = logs.body.events.map((event) => event.log_entry?.message);
    expect(messages.indexOf("Resumed")).toBeGreaterThan(messages.indexOf(still.message));

    await waitForStatus(url, indexId, ["completed"], 60_000);
    const details = await api<{ snapshots: { status: string; file_count: number }[] }>(
      url,
      `/api/repos/${index.body.repo_id}`,
    );
    expect(details.body.snapshots[0]).toMatchObject({ status: "ready", file_count: 1_000 });
    expect((await api<Health>(url, "/health")).status).toBe(200);
  }, 120_000);
});
