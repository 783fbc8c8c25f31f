import { z } from "zod";
import {
  type AdminUserView,
  adminUserListSchema,
  type InviteListItem,
  inviteCreatedSchema,
  inviteListSchema,
  type Me,
  meSchema,
  type SessionListItem,
  sessionListSchema,
  type TokenListItem,
  tokenCreatedSchema,
  tokenListSchema,
  userSchema,
} from "@/lib/protocol/accounts";
import { postJson, requestJson } from "../api/api-request";

const success = z.object({ status: z.literal("success") });
const userReply = z.object({ user: userSchema });
const remove: RequestInit = { method: "DELETE" };

export const fetchMe = (signal?: AbortSignal): Promise<Me> =>
  requestJson("/api/me", meSchema, { signal });

export const signUp = (input: { username: string; password: string; invite?: string }) =>
  requestJson("/auth/signup", userReply, postJson(input));

export const logIn = (input: { username: string; password: string }) =>
  requestJson("/auth/login", userReply, postJson(input));

export async function changePassword(input: {
  current_password: string;
  new_password: string;
}): Promise<void> {
  await requestJson("/api/account/password", success, postJson(input));
}

export async function fetchSessions(signal?: AbortSignal): Promise<SessionListItem[]> {
  return (await requestJson("/api/account/sessions", sessionListSchema, { signal })).sessions;
}

export async function revokeSession(id: string): Promise<void> {
  await requestJson(`/api/account/sessions/${encodeURIComponent(id)}`, success, remove);
}

export async function fetchTokens(signal?: AbortSignal): Promise<TokenListItem[]> {
  return (await requestJson("/api/tokens", tokenListSchema, { signal })).tokens;
}

export const createToken = (input: {
  name: string;
  scope: "read" | "write";
  expires_in_days?: number;
}) => requestJson("/api/tokens", tokenCreatedSchema, postJson(input));

export async function revokeToken(id: string): Promise<void> {
  await requestJson(`/api/tokens/${encodeURIComponent(id)}`, success, remove);
}

export async function fetchUsers(signal?: AbortSignal): Promise<AdminUserView[]> {
  return (await requestJson("/api/admin/users", adminUserListSchema, { signal })).users;
}

export async function updateUser(
  id: string,
  change: { role?: "admin" | "member"; disabled?: boolean },
): Promise<void> {
  await requestJson(`/api/admin/users/${encodeURIComponent(id)}`, z.object({}).passthrough(), {
    ...postJson(change),
    method: "PATCH",
  });
}

export async function fetchInvites(signal?: AbortSignal): Promise<InviteListItem[]> {
  return (await requestJson("/api/admin/invites", inviteListSchema, { signal })).invites;
}

export const createInvite = (expiresInDays: number) =>
  requestJson(
    "/api/admin/invites",
    inviteCreatedSchema,
    postJson({ expires_in_days: expiresInDays }),
  );

export async function deleteInvite(id: string): Promise<void> {
  await requestJson(`/api/admin/invites/${encodeURIComponent(id)}`, success, remove);
}
