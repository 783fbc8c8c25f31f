import { assertCanManageTokens } from "@/lib/auth/token-access";
import { readJson, route } from "@/lib/http/route";
import { tokenInputSchema } from "@/lib/protocol/accounts";

export const dynamic = "force-dynamic";

/** The caller's API tokens, never their values. */
export const GET = route(async (_request, { principal, services }) => {
  assertCanManageTokens(principal, services.guard.mode);
  return Response.json({ tokens: await services.accounts.tokens.list(principal.userId) });
});

/** Mints a token: `201 {id, token}`, the value shown this once and stored only hashed. */
export const POST = route(async (request, { principal, services }) => {
  assertCanManageTokens(principal, services.guard.mode, { minting: true });
  const input = await readJson(request, tokenInputSchema);
  const created = await services.accounts.tokens.create({
    userId: principal.userId,
    name: input.name,
    scope: input.scope,
    expiresInDays: input.expires_in_days,
  });
  return Response.json(
    { id: created.id, token: created.token, expires_at: created.expiresAt?.toISOString() ?? null },
    { status: 201 },
  );
});
