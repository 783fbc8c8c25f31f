import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { AppError, isAppError } from "../errors";
import { assertPublicHost } from "../security/host-check";

/** How one attempt went; a 2xx status is success, anything else is tried again later. */
export interface DeliveryAttempt {
  ok: boolean;
  status: number | null;
  /** The start of the response body, for the delivery log; never more. */
  snippet: string | null;
  error: string | null;
  durationMs: number;
}

export interface PostOptions {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE: receivers on private or local addresses may be called. */
  allowPrivate: boolean;
  /** For tests: the resolver the host check uses. */
  resolve?: (host: string) => Promise<string[]>;
}

const SNIPPET_BYTES = 512;
export const WEBHOOK_HOST_CHECK = { surface: "webhook", escapeHatch: "WEBHOOK_ALLOW_PRIVATE" };

/** Refuses what may not be a receiver: not http(s), credentials in the URL, a private host. */
export async function checkWebhookUrl(
  raw: string,
  options: Pick<PostOptions, "allowPrivate" | "resolve">,
): Promise<{ url: URL; addresses: string[] }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("bad_request:webhook", "The webhook URL is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new AppError("bad_request:webhook", "The webhook URL must be http or https");
  if (url.username || url.password)
    throw new AppError("bad_request:webhook", "The webhook URL must not contain credentials");
  const addresses = await assertPublicHost(url.hostname, {
    allowPrivate: options.allowPrivate,
    resolve: options.resolve,
    purpose: WEBHOOK_HOST_CHECK,
  });
  return { url, addresses };
}

/**
 * One POST to a receiver. The host is checked right before connecting and the connection
 * goes to exactly the addresses checked (a second lookup could answer differently); no
 * redirect is followed; the whole exchange is bounded by the timeout.
 */
export async function postWebhook(options: PostOptions): Promise<DeliveryAttempt> {
  const started = Date.now();
  const failed = (error: string, status: number | null = null): DeliveryAttempt => ({
    ok: false,
    status,
    snippet: null,
    error,
    durationMs: Date.now() - started,
  });
  let target: { url: URL; addresses: string[] };
  try {
    target = await checkWebhookUrl(options.url, options);
  } catch (error) {
    return failed(isAppError(error) ? error.message : "The webhook URL was refused");
  }
  const { url, addresses } = target;
  const client = url.protocol === "https:" ? https : http;
  return new Promise<DeliveryAttempt>((resolve) => {
    let settled = false;
    const settle = (attempt: DeliveryAttempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(attempt);
    };
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...options.headers, "content-length": Buffer.byteLength(options.body) },
        agent: false,
        ...(addresses.length > 0 ? { lookup: pinnedLookup(addresses) } : {}),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const snippet = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString("utf8");
          const ok = status >= 200 && status < 300;
          settle({
            ok,
            status,
            snippet: snippet || null,
            error: ok
              ? null
              : status >= 300 && status < 400
                ? `Redirect (${status}) not followed`
                : `Receiver answered ${status}`,
            durationMs: Date.now() - started,
          });
          response.destroy();
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= SNIPPET_BYTES) finish();
        });
        response.on("end", finish);
        response.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      settle(failed(`No answer within ${options.timeoutMs / 1000} s`));
      request.destroy();
    }, options.timeoutMs);
    request.on("error", (error) => settle(failed(`Could not deliver: ${error.message}`)));
    request.end(options.body);
  });
}

/** A resolver that answers only with the addresses already checked. */
export function pinnedLookup(addresses: string[]): LookupFunction {
  const entries = addresses.map((address) => ({ address, family: isIP(address) }));
  return (_hostname, options, callback) => {
    if (options.all) callback(null, entries);
    else callback(null, entries[0].address, entries[0].family);
  };
}
