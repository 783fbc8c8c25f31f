import { afterEach, expect, it } from "vitest";
import { testGuard } from "@/lib/auth/test-guard";
import { loadConfig } from "@/lib/config/env";
import { openDatabase } from "@/lib/db/client";
import { freshTestDatabase } from "@/lib/db/test-database";
import { clearServices, registerServices, type Services } from "@/lib/services";
import { GET } from "./route";

const config = loadConfig({});
const register = (database: Awaited<ReturnType<typeof openDatabase>>) =>
  registerServices({
    config,
    database,
    guard: testGuard(config),
    limits: {} as Services["limits"],
    // Health reads only the database; the rest is never touched.
    runs: {} as Services["runs"],
    repos: {} as Services["repos"],
    search: {} as Services["search"],
    vault: {} as Services["vault"],
    embedder: async () => null,
    models: {} as Services["models"],
    secrets: {} as Services["secrets"],
    wikis: {} as Services["wikis"],
  });

afterEach(() => clearServices());

it("reports the database up", async () => {
  register(await freshTestDatabase());
  const response = await GET();
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({
    status: "healthy",
    service: "cartograph",
    database: { status: "up", driver: "pglite" },
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
