import { redactTokens } from "./security/redact-tokens";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Field names whose values are credentials whatever they look like. */
const SECRET_FIELD =
  /authorization|cookie|token|secret|password|passwd|api[_-]?key|access[_-]?code/i;

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
  secrets: new Set(),
  write: (level, line) => {
    if (level === "warn" || level === "error") process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  },
};
const state: LogState = registry[stateKey];

/** Sets the level (default: `LOG_LEVEL`, else info) and the secrets no line may contain. */
export function configureLogger(options: {
  level?: LogLevel;
  secrets?: (string | undefined)[];
}): void {
  if (options.level) state.level = options.level;
  for (const secret of options.secrets ?? [])
    if (secret && secret.length >= 4) state.secrets.add(secret);
}

/** Tests capture lines here; returns the previous writer. */
export function setLogWriter(write: LogState["write"]): LogState["write"] {
  const previous = state.write;
  state.write = write;
  return previous;
}

function currentLevel(): LogLevel {
  if (state.level) return state.level;
  const fromEnv = process.env.LOG_LEVEL;
  return fromEnv && fromEnv in rank ? (fromEnv as LogLevel) : "info";
}

/** A logger for one part of the server: `logger("progress").warn("replay failed", {error})`. */
export function logger(scope: string): Logger {
  const emit = (level: LogLevel, message: string, fields?: LogFields) => {
    if (rank[level] < rank[currentLevel()]) return;
    const parts = [new Date().toISOString(), level.toUpperCase(), `[${scope}]`, message];
    for (const [name, value] of Object.entries(fields ?? {})) {
      if (value === undefined) continue;
      parts.push(`${name}=${SECRET_FIELD.test(name) ? "***" : formatValue(value, level)}`);
    }
    state.write(level, redactLine(parts.join(" ")));
  };
  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
  };
}

/** Known secrets, token shapes, credentials in URLs and cookie/authorization values. */
export function redactLine(line: string): string {
  return redactTokens(line, [...state.secrets])
    .replace(/\b(authorization|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^"'\n,}]+/gi, "$1$2***")
    .replace(/\b(cartograph_session|cartograph_access)=[^;\s"',]+/gi, "$1=***");
}

function formatValue(value: unknown, level: LogLevel): string {
  if (value instanceof Error) {
    // Stacks help at error level; elsewhere the message is enough.
    return JSON.stringify(level === "error" && value.stack ? value.stack : value.message);
  }
  if (typeof value === "string") return /^[\w.:/@-]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null)
    return String(value);
  try {
    return JSON.stringify(value, (name, inner) => (SECRET_FIELD.test(name) ? "***" : inner));
  } catch {
    return String(value);
  }
}
