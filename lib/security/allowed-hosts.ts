import { isLoopbackHost } from "../config/env";

export interface AllowedHostsOptions {
  /** The address the server is bound to (`HOST`). */
  host: string;
  /** The port it listens on; read lazily, since port 0 is only known after listening. */
  port: () => number;
  publicUrl?: string;
  allowedHosts: string[];
  allowedOrigins: string[];
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];
const WILDCARD_BINDS = new Set(["0.0.0.0", "::", "[::]", ""]);

/**
 * Which `Host` headers and `Origin`s this server answers to. A page on another site can
 * make the browser reach a server on loopback (DNS rebinding: evil.example resolving to
 * 127.0.0.1), but it cannot make the browser send one of these names as `Host`, nor one of
 * these origins as `Origin`.
 */
export class AllowedHosts {
  constructor(private readonly options: AllowedHostsOptions) {}

  /** `Host` as sent (`name[:port]`); names from ALLOWED_HOSTS without a port match any port. */
  isAllowedHost(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const parsed = parseHostPort(hostHeader);
    if (!parsed) return false;
    return this.entries().some(
      (entry) => entry.name === parsed.name && portMatches(entry.port, parsed.port),
    );
  }

  /**
   * The app's own origins (http or https on an allowed host) and ALLOWED_ORIGINS. A request
   * with no Origin is not from a browser page and is judged by its credentials alone.
   */
  isAllowedOrigin(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed frames, file:) and garbage
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") return false;
    if (this.options.allowedOrigins.some((allowed) => sameOrigin(allowed, url.origin))) return true;
    return this.isAllowedHost(url.host);
  }

  private entries(): { name: string; port?: string }[] {
    const port = String(this.options.port());
    const entries: { name: string; port?: string }[] = LOOPBACK_NAMES.map((name) => ({
      name,
      port,
    }));
    const bound = this.options.host.toLowerCase();
    if (!WILDCARD_BINDS.has(bound) && !isLoopbackHost(bound)) {
      entries.push({ name: bound.includes(":") ? `[${bound}]` : bound, port });
    }
    if (this.options.publicUrl) {
      const url = new URL(this.options.publicUrl);
      const defaultPort = url.protocol === "https:" ? "443" : "80";
      entries.push({ name: url.hostname.toLowerCase(), port: url.port || defaultPort });
    }
    for (const allowed of this.options.allowedHosts) {
      const parsed = parseHostPort(allowed);
      if (parsed) entries.push(parsed);
    }
    return entries;
  }
}

/** `name[:port]` with the name lower-cased and no trailing dot. */
function parseHostPort(value: string): { name: string; port?: string } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]/\s@]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return null;
  return { name: match[1].toLowerCase().replace(/\.$/, ""), port: match[2] };
}

/**
 * An entry without a port allows any; a Host without one came on the scheme's default
 * port (80 or 443: which one depends on the scheme, not visible in Host).
 */
function portMatches(allowed: string | undefined, sent: string | undefined): boolean {
  if (allowed === undefined) return true;
  if (sent === undefined) return allowed === "80" || allowed === "443";
  return allowed === sent;
}

function sameOrigin(allowed: string, origin: string): boolean {
  try {
    return new URL(allowed).origin === origin;
  } catch {
    return false;
  }
}
