import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/** Healthy only when the database answers and DATA_DIR has MIN_FREE_DISK_MB free. */
export async function GET() {
  const { database, disk } = getServices();
  const up = await database.ping();
  const space = disk.check();
  const healthy = up && !space.low;
  return Response.json(
    {
      status: healthy ? "healthy" : "unhealthy",
      timestamp: new Date().toISOString(),
      service: "cartograph",
      database: { status: up ? "up" : "down", driver: database.driver },
      disk: space.low ? "low" : "ok",
      disk_free_mb: space.freeMb,
      disk_min_free_mb: space.minFreeMb,
    },
    { status: healthy ? 200 : 503 },
  );
}
