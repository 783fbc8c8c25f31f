import { healthReport } from "@/lib/http/health";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/**
 * Healthy only when the database answers and DATA_DIR has MIN_FREE_DISK_MB free. The
 * server answers `GET /health` before Next (lib/http/health.ts); this is the same answer
 * for anything that reaches Next with it (HEAD, a server without that shortcut).
 */
export async function GET() {
  const { status, body } = await healthReport(getServices());
  return Response.json(body, { status });
}
