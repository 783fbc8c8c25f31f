import { deleteChat, getStoredChat } from "@/lib/chat/history";
import { route } from "@/lib/http/route";

/** One stored conversation with its messages. */
export const GET = route<{ id: string }>(async (_request, { params, principal, services }) =>
  Response.json(await getStoredChat(services.database.db, principal, params.id)),
);

/** Deletes a stored conversation and its messages. */
export const DELETE = route<{ id: string }>(async (_request, { params, principal, services }) => {
  await deleteChat(services.database.db, principal, params.id);
  return Response.json({ status: "success", message: "Conversation deleted" });
});
