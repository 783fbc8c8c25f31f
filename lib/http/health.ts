import type { ServerResponse } from "node:http";
import type { Services } from "../services";

/** `GET /health`: healthy only when the database answers and DATA_DIR has MIN_FREE_DISK_MB free. */
export async function healthReport({
  database,
  disk,
}: Pick<Services, "database" | "disk">): Promise<{ status: 200 | 503; body: object }> {
  const up = await database.ping();
  const space = disk.check();
  const healthy = up && !space.low;
  return {
    status: healthy ? 200 : 503,
    body: {
      status: healthy ? "healthy" : "unhealthy",
      timestamp: new Date().toISOString(),
      service: "cartograph",
      database: { status: up ? "up" : "down", driver: database.driver },
      disk: space.low ? "low" : "ok",
      disk_free_mb: space.freeMb,
      disk_min_free_mb: space.minFreeMb,
    },
  };
}

/**
 * The server answers `GET /health` itself, before Next: under a load of chats a request
 * that goes through Next's handler waits for the busy event loop at each of its steps,
 * and a health check must answer while the server is busy.
 */
export async function answerHealth(
  services: Pick<Services, "database" | "disk">,
  response: ServerResponse,
): Promise<void> {
  const { status, body } = await healthReport(services);
  response
    .writeHead(status, { "content-type": "application/json", "cache-control": "no-store" })
    .end(JSON.stringify(body));
}

export const isHealthRequest = (method: string | undefined, url: string | undefined) =>
  method === "GET" && (url === "/health" || url?.startsWith("/health?") === true);
