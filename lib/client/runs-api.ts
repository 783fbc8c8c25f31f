import { z } from "zod";
import {
  historyItemSchema,
  type RunSnapshot,
  runEventSchema,
  runSnapshotSchema,
} from "@/lib/protocol/runs";

const historyPageSchema = z.object({ items: z.array(historyItemSchema), total: z.number() });
export type HistoryPage = z.infer<typeof historyPageSchema>;

/** The API's error body carries a short, safe message; anything else gets a generic one. */
async function readJsonOrThrow(response: Response): Promise<unknown> {
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) return body;
  const message = (body as { message?: unknown } | null)?.message;
  throw new Error(typeof message === "string" ? message : `Request failed (${response.status})`);
}

export async function fetchHistory(
  { limit, offset }: { limit: number; offset: number },
  signal?: AbortSignal,
): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  const response = await fetch(`/api/history?${query}`, { signal, cache: "no-store" });
  return historyPageSchema.parse(await readJsonOrThrow(response));
}

export async function fetchRunSnapshot(runId: string, signal?: AbortSignal): Promise<RunSnapshot> {
  const response = await fetch(`/api/research/${encodeURIComponent(runId)}/status`, {
    signal,
    cache: "no-store",
  });
  return runSnapshotSchema.parse(await readJsonOrThrow(response));
}

const eventPageSchema = z.object({ events: z.array(runEventSchema), next_seq: z.number() });

/** The run's stored events after `afterSeq`, oldest first (the polling fallback). */
export async function fetchRunEvents(
  runId: string,
  afterSeq: number,
  limit: number,
  signal?: AbortSignal,
): Promise<z.infer<typeof eventPageSchema>> {
  const query = new URLSearchParams({ after_seq: String(afterSeq), limit: String(limit) });
  const response = await fetch(`/api/research/${encodeURIComponent(runId)}/logs?${query}`, {
    signal,
    cache: "no-store",
  });
  return eventPageSchema.parse(await readJsonOrThrow(response));
}
