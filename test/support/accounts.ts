import { rawRequest } from "./raw-http";

/** What a sign-up or sign-in answered, and the session cookie it set (`name=value`). */
export interface AuthReply {
  status: number;
  json: unknown;
  cookie: string;
}

async function post(
  base: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await rawRequest(base, {
    method: "POST",
    path,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const setCookie = response.headers["set-cookie"]?.[0] ?? "";
  return { status: response.status, json: response.json, cookie: setCookie.split(";")[0] };
}

/** `POST /auth/signup` (AUTH_MODE=accounts). */
export const signUpAs = (
  base: string,
  input: { username: string; password: string; invite?: string },
  headers?: Record<string, string>,
): Promise<AuthReply> => post(base, "/auth/signup", input, headers);

/** `POST /auth/login` (AUTH_MODE=accounts). */
export const logInAs = (
  base: string,
  input: { username: string; password: string },
  headers?: Record<string, string>,
): Promise<AuthReply> => post(base, "/auth/login", input, headers);

/** One JSON request as a browser with `cookie` or a script with a bearer `token`. */
export async function asUser(
  base: string,
  credential: { cookie?: string; token?: string },
  path: string,
  options: { method?: string; json?: unknown } = {},
) {
  const headers: Record<string, string> = {};
  if (credential.cookie) headers.cookie = credential.cookie;
  if (credential.token) headers.authorization = `Bearer ${credential.token}`;
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await rawRequest(base, {
    method: options.method ?? "GET",
    path,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  const setCookie = response.headers["set-cookie"]?.[0];
  // biome-ignore lint/suspicious/noExplicitAny: tests read whichever fields each answer has
  const json = response.json as any;
  return { status: response.status, json, cookie: setCookie?.split(";")[0] };
}
