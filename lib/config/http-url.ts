import { z } from "zod";

/**
 * An absolute http: or https: URL: where a model provider's key may be sent. Other
 * schemes (ftp:, file:, javascript:) are never a provider; hosts are not restricted,
 * since a local model server (Ollama on localhost) is a provider too.
 */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" }));
