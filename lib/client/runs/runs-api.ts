import { z } from "zod";
import {
  historyItemSchema,
  type RunSnapshot,
  runEventSchema,
  runSnapshotSchema,
} from "@/lib/protocol/runs";
import { usageTotalsSchema } from "@/lib/protocol/usage";
import { requestJson } from "../api/api-request";

const historyPageSchema = z.object({ items: z.array(historyItemSchema), total: z.number() });
export type HistoryPage = z.infer<typeof historyPageSchema>;

export interface HistoryFilters {
  /** A run status, or none for every status. */
  status?: string;
  kind?: string;
  /** Words of the run's query or repository. */
  q?: string;
}

export async function fetchHistory(
  { limit, offset, status, kind, q }: { limit: number; offset: number } & HistoryFilters,
  signal?: AbortSignal,
): Promise<HistoryPage> {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  if (status) query.set("status", status);
  if (kind) query.set("kind", kind);
  if (q?.trim()) query.set("q", q.trim());
  return requestJson(`/api/history?${query}`, historyPageSchema, { signal });
}

export async function fetchRunSnapshot(runId: string, signal?: AbortSignal): Promise<RunSnapshot> {
  return requestJson(`/api/research/${encodeURIComponent(runId)}/status`, runSnapshotSchema, {
    signal,
  });
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
  return requestJson(`/api/research/${encodeURIComponent(runId)}/logs?${query}`, eventPageSchema, {
    signal,
  });
}

const actionReplySchema = z.object({ status: z.string(), message: z.string().optional() });

/** `POST /api/terminate/{id}`; resolves with the server's message. */
export async function cancelRun(runId: string): Promise<string> {
  const reply = await requestJson(
    `/api/terminate/${encodeURIComponent(runId)}`,
    actionReplySchema,
    {
      method: "POST",
    },
  );
  return reply.message ?? "Cancelled";
}

/** `DELETE /api/delete/{id}`; the server refuses a run still in progress (its message is thrown). */
export async function deleteRun(runId: string): Promise<void> {
  await requestJson(`/api/delete/${encodeURIComponent(runId)}`, actionReplySchema, {
    method: "DELETE",
  });
}

const runSubjectSchema = z.object({
  query: z.string().optional(),
  repo_url: z.string().optional(),
  wiki_id: z.string().optional(),
  /** What the run's model calls spent so far. */
  usage: usageTotalsSchema.optional(),
});
export type RunSubject = z.infer<typeof runSubjectSchema>;

/** What the run is about, from its status: its history line, repository and wiki when it has them. */
export async function fetchRunSubject(runId: string, signal?: AbortSignal): Promise<RunSubject> {
  return requestJson(`/api/research/${encodeURIComponent(runId)}/status`, runSubjectSchema, {
    signal,
  });
}
