import { assertAdmin } from "@/lib/auth/guard";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Every account on the server (admins only). */
export const GET = route(async (_request, { principal, services }) => {
  assertAdmin(principal);
  const users = await services.accounts.store.list();
  return Response.json({
    users: users.map((user) => ({
      id: user.id,
      username: user.username,
      role: user.role,
      disabled: user.disabledAt !== null,
      created_at: user.createdAt.toISOString(),
    })),
  });
});
