import { isSecretName, redactLogLine } from "./security/redact-log-line";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const isLevel = (value: string): value is LogLevel => Object.hasOwn(rank, value);
/** Secrets from the environment shorter than this are too likely to occur in ordinary text. */
const MIN_ENV_SECRET = 8;
/** How deep fields are written; deeper values become `[…]`. */
const MAX_DEPTH = 6;

// Route handlers are bundled apart from server.ts: the level and the known secrets live
// on one process-wide object so every copy of this module agrees.
interface LogState {
  level: LogLevel | undefined;
  secrets: Set<string>;
  write: (level: LogLevel, line: string) => void;
}
const stateKey = Symbol.for("cartograph.log");
const registry = globalThis as { [stateKey]?: LogState };
registry[stateKey] ??= {
  level: undefined,
  secrets: secretsInEnvironment(),
  write: (level, line) => {
    if (level === "warn" || level === "error") process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  },
};
// Output whose reader went away (a closed pipe: the supervisor or test runner gone) ends
// logging, not the server. Unheard, the write's EPIPE is an uncaught exception, which
// Next reports on the same closed pipe: a loop that held a core until killed.
const pipesKey = Symbol.for("cartograph.log.closed-pipes");
const flags = globalThis as { [pipesKey]?: true };
if (!flags[pipesKey]) {
  flags[pipesKey] = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    });
  }
}
const state: LogState = registry[stateKey];

/**
 * Sets the level (default: `LOG_LEVEL`, else info) and adds secrets no line may contain.
 * Values of secret-named environment variables (`*_API_KEY`, `ACCESS_CODE`, …) are always
 * among them, so a line logged before start-up has finished is redacted too.
 */
export function configureLogger(options: {
  level?: LogLevel;
  secrets?: (string | undefined)[];
}): void {
  if (options.level) state.level = options.level;
  for (const secret of secretsInEnvironment()) state.secrets.add(secret);
  for (const secret of options.secrets ?? [])
    if (secret && secret.length >= 4) state.secrets.add(secret);
}

/** Tests capture lines here; returns the previous writer. */
export function setLogWriter(write: LogState["write"]): LogState["write"] {
  const previous = state.write;
  state.write = write;
  return previous;
}

/** A logger for one part of the server: `logger("progress").warn("replay failed", {error})`. */
export function logger(scope: string): Logger {
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (!isLogged(level)) return;
    // Continuation lines are indented so a newline in a message cannot forge a log entry.
    const parts = [new Date().toISOString(), level.toUpperCase(), `[${scope}]`, message];
    for (const [name, value] of Object.entries(fields ?? {})) {
      if (value === undefined) continue;
      parts.push(`${name}=${isSecretName(name) ? "***" : formatValue(value, level)}`);
    }
    state.write(level, redactLine(parts.join(" ").replace(/\r?\n/g, "\n    ")));
  };
  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
  };
}

/** Whether lines of this level are written now: for fields that cost something to build. */
export function isLogged(level: LogLevel): boolean {
  return rank[level] >= rank[currentLevel()];
}

/** Known secrets, token shapes, credentials in URLs, secret-named keys and headers. */
export function redactLine(line: string): string {
  return redactLogLine(line, state.secrets);
}

function currentLevel(): LogLevel {
  if (state.level) return state.level;
  const fromEnv = process.env.LOG_LEVEL?.toLowerCase();
  return fromEnv && isLevel(fromEnv) ? fromEnv : "info";
}

function secretsInEnvironment(): Set<string> {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(process.env))
    if (value && value.length >= MIN_ENV_SECRET && isSecretName(name)) found.add(value);
  return found;
}

function formatValue(value: unknown, level: LogLevel): string {
  if (typeof value === "string") return /^[\w.:/@-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null)
    return String(value);
  const plain = toPlain(value, level, 0, new Set());
  return typeof plain === "string" ? JSON.stringify(plain) : (JSON.stringify(plain) ?? "");
}

/** A JSON-safe copy: secret-named keys masked, errors described, cycles and depth cut. */
function toPlain(value: unknown, level: LogLevel, depth: number, parents: Set<object>): unknown {
  if (value instanceof Error) return describeError(value, level);
  if (typeof value === "bigint") return value.toString();
  if (typeof value !== "object" || value === null) {
    return typeof value === "function" || typeof value === "symbol" ? String(value) : value;
  }
  if (parents.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[…]";
  parents.add(value);
  const inner = (item: unknown) => toPlain(item, level, depth + 1, parents);
  let plain: unknown;
  if (Array.isArray(value)) plain = value.map(inner);
  else if (value instanceof Date) plain = value.toISOString();
  else {
    const entries =
      value instanceof Map || (typeof Headers !== "undefined" && value instanceof Headers)
        ? [...value.entries()]
        : Object.entries(value);
    plain = Object.fromEntries(
      entries.map(([name, item]) => [
        String(name),
        isSecretName(String(name)) ? "***" : inner(item),
      ]),
    );
  }
  parents.delete(value);
  return plain;
}

/** The message (with causes and an error code) at any level; the stack only at error. */
function describeError(error: Error, level: LogLevel, depth = 0): string {
  const code = (error as { code?: unknown }).code;
  let text = level === "error" && error.stack ? error.stack : error.message || error.name;
  if (typeof code === "string" || typeof code === "number") text += ` [${code}]`;
  if (error.cause instanceof Error && depth < 3)
    text += `; cause: ${describeError(error.cause, "warn", depth + 1)}`;
  return text;
}
