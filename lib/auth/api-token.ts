import { createHash, randomBytes } from "node:crypto";

/** Personal API tokens read `cgt_` then 43 base64url characters (32 random bytes). */
export const API_TOKEN_PREFIX = "cgt_";
const API_TOKEN = /^cgt_[A-Za-z0-9_-]{43}$/;

export type TokenScope = "read" | "write";

/** A new token's value, shown once, and the hash that is stored. */
export function mintApiToken(): { token: string; hash: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token) };
}

export const hashApiToken = (token: string): string =>
  createHash("sha256").update(token).digest("hex");

/** Whether a presented bearer is shaped like one of our tokens (anything else is not looked up). */
export const isApiTokenShape = (value: string): boolean => API_TOKEN.test(value);

/** Whether a bearer claims to be an API token at all (the prefix), right or wrong. */
export const looksLikeApiToken = (value: string): boolean => value.startsWith(API_TOKEN_PREFIX);
