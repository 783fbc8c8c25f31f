import { z } from "zod";

/** `AUTH_MODE=accounts` names: 2 to 40 of letters, digits, `.`, `_`, `-`; unique without regard to case. */
export const usernameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/, "2 to 40 letters, digits, '.', '_' or '-'");
export const passwordSchema = z.string().min(10, "at least 10 characters").max(256);

export const roleSchema = z.enum(["admin", "member"]);
export const tokenScopeSchema = z.enum(["read", "write"]);

export const signupInputSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  invite: z.string().min(1).max(200).optional(),
});
// Sign-in checks what was typed, not today's rules: an old password still signs in.
export const loginInputSchema = z.object({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(256),
});
export const passwordChangeSchema = z.object({
  current_password: z.string().min(1).max(256),
  new_password: passwordSchema,
});

export const userSchema = z.object({ id: z.string(), username: z.string(), role: roleSchema });
export type PublicUserView = z.infer<typeof userSchema>;

/** `GET /api/me`: PROTOCOLS §8, plus whether a session or token is behind it. */
export const meSchema = z.object({
  user: userSchema.extend({ signed_in: z.boolean() }),
  auth_mode: z.enum(["none", "access-code", "accounts"]),
});
export type Me = z.infer<typeof meSchema>;

export const tokenInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  scope: tokenScopeSchema,
  expires_in_days: z.number().int().min(1).max(3650).optional(),
});
export const tokenCreatedSchema = z.object({
  id: z.string(),
  token: z.string(),
  expires_at: z.string().nullable(),
});
export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: tokenScopeSchema,
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type TokenListItem = z.infer<typeof tokenViewSchema>;
export const tokenListSchema = z.object({ tokens: z.array(tokenViewSchema) });

export const sessionViewSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  last_seen_at: z.string(),
  expires_at: z.string(),
  client_address: z.string().nullable(),
  user_agent: z.string().nullable(),
  current: z.boolean(),
});
export type SessionListItem = z.infer<typeof sessionViewSchema>;
export const sessionListSchema = z.object({ sessions: z.array(sessionViewSchema) });

export const adminUserSchema = userSchema.extend({
  disabled: z.boolean(),
  created_at: z.string(),
});
export type AdminUserView = z.infer<typeof adminUserSchema>;
export const adminUserListSchema = z.object({ users: z.array(adminUserSchema) });
export const userChangeSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((value) => value.role !== undefined || value.disabled !== undefined, "nothing to change");

export const inviteInputSchema = z.object({
  expires_in_days: z.number().int().min(1).max(90).default(7),
});
export const inviteCreatedSchema = z.object({
  id: z.string(),
  code: z.string(),
  url: z.string(),
  expires_at: z.string(),
});
export const inviteViewSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
  used_at: z.string().nullable(),
});
export type InviteListItem = z.infer<typeof inviteViewSchema>;
export const inviteListSchema = z.object({ invites: z.array(inviteViewSchema) });
