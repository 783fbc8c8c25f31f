import { isAdmin } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http/route";
import { pricesInputSchema } from "@/lib/protocol/usage";
import { pricesView, readConfiguredPrices, saveConfiguredPrices } from "@/lib/usage/prices-store";

/** Every model price in force (USD per million tokens), the defaults marked. */
export const GET = route(async (_request, { principal, services }) => {
  const configured = await readConfiguredPrices(services.database.db);
  return Response.json(pricesView(configured, isAdmin(principal)));
});

/** Replaces the configured prices; they apply to model calls from now on. Admins only. */
export const PUT = route(async (request, { principal, services }) => {
  const input = await readJson(request, pricesInputSchema);
  if (!isAdmin(principal)) throw new AppError("forbidden:prices", "Only an admin can set prices");
  await saveConfiguredPrices(services.database.db, input);
  services.usage.pricesChanged();
  return Response.json(pricesView(await readConfiguredPrices(services.database.db), true));
});
