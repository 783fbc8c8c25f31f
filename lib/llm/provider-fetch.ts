import { AppError } from "../errors";
import type { ModelFetch } from "./idle-timeout-fetch";
import type { Provider } from "./providers";

export type ProviderTarget = Pick<Provider, "id" | "kind" | "baseUrl" | "apiKey" | "apiVersion">;

/**
 * The `fetch` of one provider, and the one place its key is attached. The key goes only
 * to URLs under the provider's own base URL, and never along a redirect: `fetch` would
 * follow one to another host, dropping `Authorization` but not Azure's `api-key`, and
 * keeping both on the same origin. Whatever the AI SDK put in the auth headers (it would
 * read OPENAI_API_KEY itself when given no key) is replaced.
 */
export function createProviderFetch(target: ProviderTarget, baseFetch: ModelFetch): ModelFetch {
  return async (input, init) => {
    // The AI SDK calls with a URL and init, never a Request object.
    const { url, headers } = addressProvider(
      target,
      input instanceof Request ? input.url : String(input),
      new Headers(init?.headers),
    );
    const response = await baseFetch(url, { ...init, headers, redirect: "manual" });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw redirectRefused(target, response.status);
    }
    return response;
  };
}

/**
 * A request to the provider, checked to be under its base URL, with its key (and Azure's
 * API version) attached in place of whatever auth headers it had.
 */
export function addressProvider(
  target: ProviderTarget,
  address: string,
  headers: Headers,
): { url: URL; headers: Headers } {
  const root = new URL(target.baseUrl);
  const rootPath = root.pathname.replace(/\/+$/, "");
  const url = new URL(address);
  const under =
    url.origin === root.origin &&
    (url.pathname === rootPath || url.pathname.startsWith(`${rootPath}/`));
  if (!under) {
    throw new AppError(
      "internal:model",
      `A request of the provider ${target.id} was addressed outside its base URL`,
    );
  }
  headers.delete("authorization");
  headers.delete("api-key");
  if (target.kind === "azure") {
    if (target.apiVersion) url.searchParams.set("api-version", target.apiVersion);
    if (target.apiKey) headers.set("api-key", target.apiKey);
  } else if (target.apiKey) {
    headers.set("authorization", `Bearer ${target.apiKey}`);
  }
  return { url, headers };
}

/** A provider's redirect is never followed: the key would go with it. */
export function redirectRefused(target: ProviderTarget, status: number): AppError {
  return new AppError(
    "unavailable:model",
    `The provider ${target.id} answered with a redirect (HTTP ${status}); a key is only sent to its configured base URL, so configure the URL it redirects to`,
  );
}
