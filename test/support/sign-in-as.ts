// Several users on one server, each signed in: the one place tests make users, so that
// switching them to AUTH_MODE=accounts (sign-up over HTTP) changes this file alone.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SessionStore } from "../../lib/auth/sessions";
import { openDatabase } from "../../lib/db/client";
import { users } from "../../lib/db/schema";
import { SecretBox } from "../../lib/security/secret-box";
import { databaseFor, type ServerProcess, startServerProcess } from "./server-process";

const ACCESS_CODE = "two users, one server";

export interface SignedInUser {
  id: string;
  /** Headers that make a request (REST, /ws/chat, Socket.IO handshake) this user's. */
  headers: { cookie: string };
}

/**
 * Starts a server whose users `names` each hold a live session. Today (access-code mode,
 * no accounts yet) the users and their sessions are written into the server's database
 * before it starts, bound to the access code the way the guard binds them.
 */
export async function startServerWithUsers<Name extends string>(
  names: readonly Name[],
  options: { env?: Record<string, string> } = {},
): Promise<{ server: ServerProcess; users: Record<Name, SignedInUser> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "cartograph-test-"));
  const databaseUrl = process.env.DATABASE_URL
    ? await databaseFor(process.env.DATABASE_URL, dataDir)
    : undefined;
  const database = await openDatabase({ databaseUrl, dataDir });
  const signedIn = {} as Record<Name, SignedInUser>;
  try {
    // As AccessGuard does: sessions are bound to a keyed tag of the access code.
    const credentialTag = SecretBox.fromConfig({ DATA_DIR: dataDir })
      .tag(`access-code:${ACCESS_CODE}`)
      .slice(0, 32);
    const sessions = new SessionStore(database.db);
    for (const name of names) {
      await database.db.insert(users).values({ id: name, name });
      const session = await sessions.create({ userId: name, credentialTag });
      signedIn[name] = {
        id: name,
        headers: { cookie: `cartograph_session=${encodeURIComponent(session.id)}` },
      };
    }
  } finally {
    await database.close();
  }
  const server = await startServerProcess({
    dataDir,
    env: { AUTH_MODE: "access-code", ACCESS_CODE, ...options.env },
  });
  return { server, users: signedIn };
}
