// Several users on one server, each signed in: the one place tests make users.
import { signUpAs } from "./accounts";
import { type ServerProcess, startServerProcess } from "./server-process";

export interface SignedInUser {
  id: string;
  /** Headers that make a request (REST, /ws/chat, Socket.IO handshake) this user's. */
  headers: { cookie: string };
}

/**
 * Starts a server in `AUTH_MODE=accounts` with open sign-up, and signs each of `names` up
 * over HTTP as a browser would (the first becomes the admin; an admin sees no more of
 * another user's private objects than anyone else).
 */
export async function startServerWithUsers<Name extends string>(
  names: readonly Name[],
  options: { env?: Record<string, string> } = {},
): Promise<{ server: ServerProcess; users: Record<Name, SignedInUser> }> {
  const server = await startServerProcess({
    env: { AUTH_MODE: "accounts", SIGNUP: "open", ...options.env },
  });
  const signedIn = {} as Record<Name, SignedInUser>;
  try {
    for (const name of names) {
      const reply = await signUpAs(
        server.url,
        { username: name, password: `${name} has a long password` },
        { origin: server.url },
      );
      const user = (reply.json as { user?: { id?: string } }).user;
      if (reply.status !== 201 || !user?.id || !reply.cookie) {
        throw new Error(
          `sign-up of ${name} answered ${reply.status}: ${JSON.stringify(reply.json)}`,
        );
      }
      signedIn[name] = { id: user.id, headers: { cookie: reply.cookie } };
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { server, users: signedIn };
}
