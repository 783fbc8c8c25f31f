import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export async function GET() {
  const { database } = getServices();
  const up = await database.ping();
  return Response.json(
    {
      status: up ? "healthy" : "unhealthy",
      timestamp: new Date().toISOString(),
      service: "cartograph",
      database: { status: up ? "up" : "down", driver: database.driver },
    },
    { status: up ? 200 : 503 },
  );
}
