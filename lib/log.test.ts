import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogLevel } from "./log";

type LogModule = typeof import("./log");
interface Captured {
  level: LogLevel;
  line: string;
}

// Built at run time, so no token-shaped literal sits in the source.
const fake = (prefix: string, length = 36) => `${prefix}${"Zq9xW3vK7p".repeat(6).slice(0, length)}`;
const githubToken = fake("ghp_");
const githubPat = fake("github_pat_", 60);
const gitlabToken = fake("glpat-", 24);
const openAiKey = fake("sk-proj-", 48);
const opaque = "opaque-s3cr3t-value-91"; // no recognisable shape: only its context betrays it

let log: LogModule;
let lines: Captured[];
const savedEnv = { ...process.env };

/** A fresh logger module with fresh process-wide state, as in a new server process. */
async function freshLogger(env: Record<string, string> = {}): Promise<LogModule> {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for("cartograph.log")];
  for (const [name, value] of Object.entries(env)) process.env[name] = value;
  vi.resetModules();
  const module = await import("./log");
  module.setLogWriter((level, line) => lines.push({ level, line }));
  return module;
}

const written = () => lines.map((entry) => entry.line).join("\n");

beforeEach(async () => {
  lines = [];
  delete process.env.LOG_LEVEL;
  log = await freshLogger();
});

afterEach(() => {
  process.env = { ...savedEnv };
});

describe("levels", () => {
  it("writes info and above by default, with level and scope on the line", () => {
    const scoped = log.logger("runs");
    scoped.debug("noise");
    scoped.info("started");
    scoped.error("broke");
    expect(lines.map((entry) => entry.level)).toEqual(["info", "error"]);
    expect(lines[0].line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z INFO \[runs\] started$/);
  });

  it("honours LOG_LEVEL from the environment, in either case", async () => {
    log = await freshLogger({ LOG_LEVEL: "WARN" });
    const scoped = log.logger("x");
    scoped.debug("d");
    scoped.info("i");
    scoped.warn("w");
    scoped.error("e");
    expect(lines.map((entry) => entry.level)).toEqual(["warn", "error"]);
  });

  it("writes debug lines when LOG_LEVEL=debug", async () => {
    log = await freshLogger({ LOG_LEVEL: "debug" });
    log.logger("x").debug("detail");
    expect(written()).toContain("DEBUG [x] detail");
  });

  it("falls back to info for an unknown LOG_LEVEL", async () => {
    log = await freshLogger({ LOG_LEVEL: "verbose" });
    log.logger("x").debug("d");
    log.logger("x").info("i");
    expect(lines.map((entry) => entry.level)).toEqual(["info"]);
  });

  it("lets configureLogger override the environment", async () => {
    log = await freshLogger({ LOG_LEVEL: "debug" });
    log.configureLogger({ level: "error" });
    log.logger("x").warn("w");
    log.logger("x").error("e");
    expect(lines.map((entry) => entry.level)).toEqual(["error"]);
  });
});

describe("redaction of secrets in the text of a line", () => {
  const cases: [string, string, string][] = [
    ["an Authorization header", `Authorization: Bearer ${opaque}`, "Authorization: ***"],
    ["a short bearer token", "retrying with Bearer abc123def456", "Bearer ***"],
    ["a Basic Authorization header", `authorization=Basic ${opaque}`, "authorization=***"],
    ["a Cookie header", `Cookie: theme=dark; sid=${opaque}`, "Cookie: ***"],
    ["a Set-Cookie header", `set-cookie: cartograph_session=${opaque}; Path=/`, "set-cookie: ***"],
    [
      "headers serialised as JSON",
      `{"authorization":"Bearer ${opaque}","accept":"text/html"}`,
      `"authorization":"***","accept":"text/html"`,
    ],
    [
      "headers serialised twice (a JSON string inside JSON)",
      JSON.stringify(JSON.stringify({ cookie: `a=1; b=${opaque}`, host: "h" })),
      `\\"host\\":\\"h\\"`,
    ],
    [
      "a Set-Cookie list as Node prints it",
      `{ 'set-cookie': [ 'cartograph_access=${opaque}; Path=/', 'x=1' ], vary: 'Origin' }`,
      "'set-cookie': [***], vary: 'Origin'",
    ],
    ["raw header pairs", `["Host","h","Cookie","s=${opaque}"]`, `"Cookie","***"`],
    ["key=value pairs", `api_key=${opaque} user=ana`, "api_key=*** user=ana"],
    ["an access code field", `{"access_code":"${opaque}"}`, `{"access_code":"***"}`],
    ["a value whose closing quote was cut off", `{"password":"${opaque}`, `{"password":"***"`],
    ["an OpenAI key", `Incorrect API key provided: ${openAiKey}.`, "provided: ***."],
    ["a GitHub token", `push with ${githubToken} failed`, "push with *** failed"],
    ["a fine-grained GitHub token", `pat ${githubPat}`, "pat ***"],
    ["a GitLab token", `clone with ${gitlabToken}`, "clone with ***"],
    [
      "userinfo in an https URL",
      `fatal: unable to access 'https://oauth2:${opaque}@gitlab.example.com/a/b.git/'`,
      "'https://***@gitlab.example.com/a/b.git/'",
    ],
    [
      "userinfo in a database URL",
      `connect postgres://app:${opaque}@db:5432/cartograph failed`,
      "postgres://***@db:5432/cartograph failed",
    ],
    ["a password holding @ in a URL", `https://ana:p@ss${opaque}@host/x`, "https://***@host/x"],
    ["a token query parameter", `GET /x?token=${opaque}&page=2`, "?token=***&page=2"],
    ["an access_token query parameter", `/y?a=1&access_token=${opaque}`, "&access_token=***"],
    ["an api_key query parameter", `/z?api_key=${opaque}`, "?api_key=***"],
    ["a key query parameter", `https://maps.example/api?key=${opaque}&q=1`, "?key=***&q=1"],
  ];

  it.each(cases)("removes %s", (_name, text, expected) => {
    log.logger("http").warn(text);
    expect(written()).not.toContain(opaque);
    expect(written()).not.toMatch(/Zq9xW3vK7p/);
    expect(written()).toContain(expected);
  });

  it("leaves ordinary text readable", () => {
    const text =
      "usage prompt_tokens=12 max_tokens=100 tokenizer=cl100k repo=https://github.com/o/r path=src/token.ts";
    log.logger("chat").info(text);
    expect(lines[0].line.endsWith(text)).toBe(true);
  });

  it("removes registered secrets, also URL-encoded, whatever their shape", () => {
    const code = "correct horse/battery";
    log.configureLogger({ secrets: [code, undefined] });
    log.logger("auth").warn(`refused ${code} and ${encodeURIComponent(code)}`);
    expect(lines[0].line).toMatch(/refused \*\*\* and \*\*\*$/);
  });

  it("removes values of secret-named environment variables without being told", async () => {
    log = await freshLogger({ ACCESS_CODE: opaque, MY_SERVICE_TOKEN: "tok-1234567890" });
    log.logger("x").error(`saw ${opaque} and tok-1234567890`);
    expect(lines[0].line).toMatch(/saw \*\*\* and \*\*\*$/);
  });

  it("redacts a long line without backtracking for seconds", () => {
    // Hyphenated words once made the URL pattern quadratic: 16 s for 100 kB.
    const started = performance.now();
    log.redactLine(`${"a-".repeat(50_000)} token=${opaque}`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("redactLine applies the same rules to text logged elsewhere", () => {
    expect(log.redactLine(`Authorization: Bearer ${opaque}`)).toBe("Authorization: ***");
  });
});

describe("fields", () => {
  it("masks fields whose names are secrets, whatever the value", () => {
    log.logger("x").info("start", {
      token: "plain",
      apiKey: "plain",
      OPENAI_API_KEY: "plain",
      password: "plain",
      sessionId: "plain",
      "x-api-key": "plain",
      user: "ana",
    });
    expect(lines[0].line).toBe(
      `${lines[0].line.split(" ")[0]} INFO [x] start token=*** apiKey=*** OPENAI_API_KEY=*** password=*** sessionId=*** x-api-key=*** user=ana`,
    );
  });

  it("masks nested secret fields in objects, arrays, Maps and Headers", () => {
    log.logger("x").warn("request", {
      request: {
        url: "/api/chat",
        headers: { authorization: `Bearer ${opaque}`, "content-type": "application/json" },
        body: [{ repo_url: "o/r", github_token: opaque }],
      },
      map: new Map([["refresh_token", opaque]]),
      headers: new Headers({ cookie: `s=${opaque}`, accept: "*/*" }),
    });
    const line = written();
    expect(line).not.toContain(opaque);
    expect(line).toContain(`"authorization":"***","content-type":"application/json"`);
    expect(line).toContain(`[{"repo_url":"o/r","github_token":"***"}]`);
    expect(line).toContain(`map={"refresh_token":"***"}`);
    expect(line).toContain(`headers={"accept":"*/*","cookie":"***"}`);
  });

  it("writes a circular object without throwing and keeps its other fields", () => {
    const node: Record<string, unknown> = { name: "root", password: opaque };
    node.self = node;
    node.list = [node, { name: "leaf" }];
    expect(() => log.logger("x").info("graph", { node, after: 1 })).not.toThrow();
    expect(lines[0].line).toContain(
      `node={"name":"root","password":"***","self":"[Circular]","list":["[Circular]",{"name":"leaf"}]} after=1`,
    );
  });

  it("quotes strings that hold spaces, so one field cannot pose as another", () => {
    log.logger("x").info("m", { input: "a level=ERROR" });
    expect(lines[0].line).toMatch(/ input="a level=ERROR"$/);
  });

  it("indents continuation lines, so a newline cannot forge a log entry", () => {
    log.logger("x").info("repo\n2030-01-01T00:00:00.000Z ERROR [auth] forged");
    expect(written().split("\n")[1]).toMatch(/^\s+2030/);
  });
});

describe("errors", () => {
  const failure = () => {
    const error = new Error(`clone of https://u:${opaque}@h/o/r failed`, {
      cause: Object.assign(new Error("connect refused"), { code: "ECONNREFUSED" }),
    });
    error.stack = `Error: ${error.message}\n    at cloneRepository (lib/repos/git.ts:10:5)`;
    return error;
  };

  it("writes the message and its cause, without the stack, below error level", () => {
    log.logger("repos").warn("clone failed", { error: failure() });
    const line = written();
    expect(line).toContain(
      `error="clone of https://***@h/o/r failed; cause: connect refused [ECONNREFUSED]"`,
    );
    expect(line).not.toContain("cloneRepository");
  });

  it("writes the stack at error level, redacted", () => {
    log.logger("repos").error("clone failed", { error: failure() });
    const line = written();
    expect(line).toContain("at cloneRepository (lib/repos/git.ts:10:5)");
    expect(line).toContain("https://***@h/o/r");
    expect(line).not.toContain(opaque);
  });

  it("describes errors nested inside objects", () => {
    log.logger("x").warn("batch", { results: [{ id: 1, error: new Error("timeout") }] });
    expect(lines[0].line).toContain(`results=[{"id":1,"error":"timeout"}]`);
  });
});

describe("a closed output", () => {
  it("ends logging without an uncaught error (a pipe whose reader went away)", () => {
    const closed = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
    expect(() => process.stdout.emit("error", closed)).not.toThrow();
    expect(() => process.stderr.emit("error", closed)).not.toThrow();
    expect(process.stdout.listenerCount("error")).toBeGreaterThan(0);
  });
});
