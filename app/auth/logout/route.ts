import { ACCESS_COOKIE } from "@/lib/auth/guard";

/** Forgets the access code this browser presented: the next page asks for it again. */
export function POST() {
  const response = Response.json({ success: true });
  response.headers.set(
    "set-cookie",
    `${ACCESS_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
  );
  return response;
}
