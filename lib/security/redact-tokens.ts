import { redactSecret } from "./redact";

// Credentials with a recognisable shape: host and provider tokens, cloud keys, JWTs.
const TOKEN_PATTERNS: RegExp[] = [
  /\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g,
  /\bgl(?:pat|dt|rt|cbt|ptt|ft|imt|oas|agent)-[A-Za-z0-9_-]{20,}/g,
  /\bAT(?:BB|ATT)[A-Za-z0-9_=.-]{20,}/g,
  /\bsk-[A-Za-z0-9_-]{20,}/g,
  // Cartograph's own API tokens (lib/auth/api-token.ts).
  /\bcgt_[A-Za-z0-9_-]{43}/g,
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bAIza[0-9A-Za-z_-]{35}\b/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
];

/**
 * Removes credentials from text that is stored or exported: the given secrets, anything
 * shaped like a known token, `user:password@` in URLs and long bearer tokens.
 */
export function redactTokens(text: string, secrets: (string | null | undefined)[] = []): string {
  let result = redactSecret(
    text,
    secrets.map((secret) => secret ?? undefined),
  );
  for (const pattern of TOKEN_PATTERNS) result = result.replace(pattern, "***");
  result = result.replace(/\b(https?:\/\/)[^\s/@:"'<>()[\]]+(?::[^\s/@"'<>()[\]]*)?@/g, "$1***@");
  result = result.replace(/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{20,}/g, "$1***");
  return result;
}

export interface StreamRedactor {
  /** Takes the next piece of a stream; returns the part that is safe to send on. */
  push(text: string): string;
  /** The rest, redacted, once the stream has ended. */
  flush(): string;
}

/**
 * Redacts a text that arrives in pieces. A token holds no whitespace, so everything up to
 * the last whitespace seen can be redacted and sent; the word after it waits for the next
 * piece, since a token may be split across two.
 */
export function createStreamRedactor(secrets: (string | null | undefined)[] = []): StreamRedactor {
  let pending = "";
  return {
    push(text) {
      pending += text;
      const cut = Math.max(
        pending.lastIndexOf(" "),
        pending.lastIndexOf("\n"),
        pending.lastIndexOf("\t"),
      );
      if (cut < 0) return "";
      const ready = pending.slice(0, cut + 1);
      pending = pending.slice(cut + 1);
      return redactTokens(ready, secrets);
    },
    flush() {
      const rest = redactTokens(pending, secrets);
      pending = "";
      return rest;
    },
  };
}
