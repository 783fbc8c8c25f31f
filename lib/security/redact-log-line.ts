import { redactTokens } from "./redact-tokens";

// Names whose values are credentials whatever they look like: `OPENAI_API_KEY`, `accessToken`,
// `x-api-key`, `set-cookie`, `cartograph_session`. Matched at the end of a name, so
// `prompt_tokens` and `tokenCount` stay readable.
const SECRET_NAME_ENDINGS =
  "authorization|cookie|token|secret|password|passwd|api[_-]?key|access[_-]?code|credentials?|private[_-]?key|session(?:[_-]?id)?|signature";

/** True for a field or variable name whose value must never be logged. */
export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);
const SECRET_NAME = new RegExp(`(?:${SECRET_NAME_ENDINGS})$`, "i");

// `name: value`, `name=value`, `"name":"value"`, `'name': [ 'a', 'b' ]`, `"name","value"`
// (raw header pairs), also inside a JSON string that was serialised again (`\"name\":\"v\"`).
// The value is a quoted string (its end may be cut off), a bracketed list, or a bare run with an optional auth scheme
// and `; `-joined parts (a Cookie header).
const KEYED_SECRET = new RegExp(
  String.raw`\b([\w-]{0,64}?(?:${SECRET_NAME_ENDINGS}))(\\?["']?\s*[:=]\s*|\\?["']\s*,\s*)` +
    String.raw`(?:(\\?["'])(?:(?!\3)[^\n])*(?:\3|(?=\n)|$)|\[[^\]\n]*\]|` +
    String.raw`(?:(?:Bearer|Basic|Token|Digest|Negotiate|Bot)\s+)?[^\s"'\\,;&}\])]+(?:;\s*[^\s"'\\,;&}\])]+)*)`,
  "gi",
);
// Query parameters with short names that carry credentials (`?key=`, `?sig=`).
const SECRET_QUERY = /([?&](?:key|code|sig|auth)=)[^&#\s"'\\]+/gi;
// Credentials in the authority of any URL: `https://user:pass@`, `postgres://u:p@`.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/?#"'<>[\]]{1,512}@/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g;
const ACCESS_COOKIE = /\b(cartograph_access)=[^;\s"',]+/gi;

/**
 * Removes credentials from one log line: the given secrets, token shapes, URL userinfo,
 * bearer tokens, and the values of secret-named keys in any of the forms a line carries them.
 */
export function redactLogLine(line: string, secrets: Iterable<string>): string {
  return redactTokens(line, [...secrets])
    .replace(URL_USERINFO, "$1***@")
    .replace(BEARER, "$1***")
    .replace(KEYED_SECRET, (match, name: string, separator: string, quote?: string) => {
      const list = match[name.length + separator.length] === "[";
      return `${name}${separator}${list ? "[***]" : quote ? `${quote}***${quote}` : "***"}`;
    })
    .replace(SECRET_QUERY, "$1***")
    .replace(ACCESS_COOKIE, "$1=***");
}
