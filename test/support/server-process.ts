import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { currentServerBundle } from "../../lib/threads/bundles.mjs";
import { temporaryDirectory } from "./temporary-directory";

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** The server's own Postgres database when DATABASE_URL is set, else undefined (PGlite in dataDir). */
  databaseUrl: string | undefined;
  process: ChildProcess;
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all, as in a crash. */
  crash(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Starts test/support/test-server.ts on a random port with its own data directory
 * (reused when given, to restart "the same" server). With DATABASE_URL set the suite runs
 * against that Postgres server, each data directory in a database of its own (created on
 * first use), so servers of different tests never see each other's rows.
 */
export async function startServerProcess(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? temporaryDirectory("cartograph-test-");
  const databaseUrl = process.env.DATABASE_URL
    ? await databaseFor(process.env.DATABASE_URL, dataDir)
    : undefined;
  const child = spawn(process.execPath, testServerArguments(), {
    cwd: root,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
  });
  return {
    url,
    dataDir,
    databaseUrl,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
    async crash() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The URL of a database named after the data directory on the server of `baseUrl`, created if new. */
export async function databaseFor(baseUrl: string, dataDir: string): Promise<string> {
  const name = `cartograph_${createHash("sha256").update(dataDir).digest("hex").slice(0, 16)}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let serverArguments: string[] | undefined;

/**
 * How to start the test server: from its bundle when the build's bundles are current (as
 * `npm start` starts the server), else its TypeScript through tsx.
 */
function testServerArguments(): string[] {
  serverArguments ??= (() => {
    const bundle = currentServerBundle("test-server", {
      root,
      dir: path.join(root, ".next", "threads"),
    });
    return bundle ? [fileURLToPath(bundle)] : ["--import", "tsx", "test/support/test-server.ts"];
  })();
  return serverArguments;
}
