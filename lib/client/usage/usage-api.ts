import { z } from "zod";
import {
  type PricesInput,
  type PricesView,
  type UsageQuery,
  type UsageReport,
  usageItemSchema,
} from "@/lib/protocol/usage";
import { postJson, requestJson } from "../api/api-request";

const usageReportSchema = z.object({
  items: z.array(usageItemSchema),
  admin: z.boolean(),
}) satisfies z.ZodType<UsageReport>;

const pricesViewSchema = z.object({
  items: z.array(
    z.object({
      model: z.string(),
      input_per_million: z.number(),
      output_per_million: z.number(),
      default: z.boolean(),
    }),
  ),
  can_edit: z.boolean(),
}) satisfies z.ZodType<PricesView>;

/** `GET /api/usage`. */
export function fetchUsage(query: Partial<UsageQuery>, signal?: AbortSignal): Promise<UsageReport> {
  const search = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  return requestJson(`/api/usage?${search}`, usageReportSchema, { signal });
}

export function fetchPrices(): Promise<PricesView> {
  return requestJson("/api/settings/prices", pricesViewSchema);
}

export function savePrices(input: PricesInput): Promise<PricesView> {
  return requestJson("/api/settings/prices", pricesViewSchema, {
    ...postJson(input),
    method: "PUT",
  });
}
