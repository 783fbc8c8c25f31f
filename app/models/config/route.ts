import { route } from "@/lib/http/route";

/** DeepWiki's model configuration endpoint (PROTOCOLS.md section 5). */
export const GET = route(async (_request, { services }) => {
  const providers = await services.models.describeProviders();
  return Response.json({ providers, defaultProvider: providers[0]?.id ?? "openai" });
});
