import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The caller's live sign-in sessions; `current` marks the one asking. */
export const GET = route(async (_request, { principal, services }) => {
  const { accounts } = services;
  return Response.json({
    sessions: await accounts.sessions.list(principal.userId, accounts.currentSessionId(principal)),
  });
});
