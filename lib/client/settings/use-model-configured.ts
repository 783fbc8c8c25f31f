import { useRemote } from "@/lib/client/api/use-remote";
import { fetchModelConfigured } from "@/lib/client/wiki/wiki-api";

/** Whether the server has a chat model: null until known. */
export function useModelConfigured(): boolean | null {
  return useRemote("model-configured", (signal) => fetchModelConfigured(signal)).data;
}
