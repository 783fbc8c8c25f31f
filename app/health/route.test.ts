import { afterEach, expect, it } from "vitest";
import { testGuard } from "@/lib/auth/test-guard";
import { loadConfig } from "@/lib/config/env";
import { openDatabase } from "@/lib/db/client";
import { freshTestDatabase } from "@/lib/db/test-database";
import { DiskSpace } from "@/lib/runs/disk-space";
import { clearServices, registerServices, type Services } from "@/lib/services";
import { GET } from "./route";

const config = loadConfig({});
const MB = 1024 * 1024;
const diskWith = (freeMb: number) =>
  new DiskSpace({ dir: "/data", minFreeMb: 500, readFreeBytes: () => freeMb * MB });

const register = (database: Awaited<ReturnType<typeof openDatabase>>, disk = diskWith(10_000)) =>
  registerServices({
    config,
    database,
    guard: testGuard(config),
    accounts: {} as Services["accounts"],
    limits: {} as Services["limits"],
    // Health reads only the database and the disk; the rest is never touched.
    runs: {} as Services["runs"],
    repos: {} as Services["repos"],
    parser: {} as Services["parser"],
    chatGate: {} as Services["chatGate"],
    search: {} as Services["search"],
    queryRewrite: {} as Services["queryRewrite"],
    vault: {} as Services["vault"],
    embedder: async () => null,
    models: {} as Services["models"],
    secrets: {} as Services["secrets"],
    wikis: {} as Services["wikis"],
    webhooks: {} as Services["webhooks"],
    usage: {} as Services["usage"],
    disk,
  });

afterEach(() => clearServices());

it("reports the database up and the disk ok", async () => {
  register(await freshTestDatabase());
  const response = await GET();
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({
    status: "healthy",
    service: "cartograph",
    database: { status: "up", driver: "pglite" },
    disk: "ok",
    disk_free_mb: 10_000,
    disk_min_free_mb: 500,
  });
});

it("answers 503 when the database cannot be reached", async () => {
  const database = await openDatabase({});
  await database.close();
  register(database);
  const response = await GET();
  expect(response.status).toBe(503);
  const body = await response.json();
  expect(body).toMatchObject({ status: "unhealthy", database: { status: "down" } });
  expect(Date.parse(body.timestamp)).not.toBeNaN();
});

it("answers 503 with disk low when DATA_DIR has less than MIN_FREE_DISK_MB free", async () => {
  register(await freshTestDatabase(), diskWith(120));
  const response = await GET();
  expect(response.status).toBe(503);
  expect(await response.json()).toMatchObject({
    status: "unhealthy",
    database: { status: "up" },
    disk: "low",
    disk_free_mb: 120,
    disk_min_free_mb: 500,
  });
});
