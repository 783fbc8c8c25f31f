import { assertAdmin } from "@/lib/auth/guard";
import { createInvite, listInvites } from "@/lib/auth/invites";
import { readJson, requestOrigin, route } from "@/lib/http/route";
import { inviteInputSchema } from "@/lib/protocol/accounts";

export const dynamic = "force-dynamic";

export const GET = route(async (_request, { principal, services }) => {
  assertAdmin(principal);
  return Response.json({ invites: await listInvites(services.database.db) });
});

/** A one-time sign-up link (admins only); the code is shown this once. */
export const POST = route(async (request, { principal, services }) => {
  assertAdmin(principal);
  const input = await readJson(request, inviteInputSchema);
  const invite = await createInvite(services.database.db, {
    createdBy: principal.userId,
    expiresInDays: input.expires_in_days,
  });
  const origin = services.config.PUBLIC_URL ?? requestOrigin(request);
  const url = new URL(`/signup?invite=${encodeURIComponent(invite.code)}`, origin).toString();
  return Response.json(
    { id: invite.id, code: invite.code, url, expires_at: invite.expiresAt.toISOString() },
    { status: 201 },
  );
});
