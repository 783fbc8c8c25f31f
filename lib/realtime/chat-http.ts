import type { Principal } from "../auth/guard";
import { answerChat, chatDepsOf, ModelStreamError } from "../chat/answer";
import { AppError } from "../errors";
import { authRequestOf, errorResponse } from "../http/route";
import type { ChatRequest } from "../protocol/chat";
import type { Services } from "../services";
import { chatError, chatRequestOf } from "./chat-errors";

/**
 * The HTTP fallback of the chat socket (PROTOCOLS.md section 2): the same event stream
 * as `text/plain` Markdown or as SSE. Client disconnects abort the model request.
 */
export async function chatHttpResponse(request: Request, services: Services): Promise<Response> {
  let principal: Principal;
  let chatRequest: ChatRequest;
  try {
    principal = await services.guard.authenticateDeepWikiClient(authRequestOf(request));
    services.limits.take("chat", principal.key);
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      throw new AppError("bad_request:chat", "The request body must be a JSON ChatRequest");
    }
    chatRequest = chatRequestOf(body);
    // A provider that is not configured is a 400 before any streaming, as a bad body is.
    await services.models.providerFor(chatRequest.provider);
  } catch (error) {
    return errorResponse(chatError(error));
  }
  const events = chatRequest.stream === "events";
  const abort = new AbortController();
  request.signal.addEventListener("abort", () => abort.abort());
  const deps = chatDepsOf(services);
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => controller.enqueue(encoder.encode(text));
      // Sends the headers now: the answer may wait minutes for the index, and a client that
      // sees no response for that long (fetch gives up after 300 s) would leave.
      controller.enqueue(new Uint8Array(0));
      try {
        for await (const event of answerChat(chatRequest, principal, deps, abort.signal)) {
          if (events) write(`data: ${JSON.stringify(event)}\n\n`);
          else if (event.type === "delta") write(event.text);
        }
      } catch (error) {
        if (!abort.signal.aborted) {
          const failure = error instanceof ModelStreamError ? error : chatError(error);
          if (events)
            write(
              `data: ${JSON.stringify({ type: "error", code: failure.code, message: failure.message })}\n\n`,
            );
          else write(`\n\nError: ${failure.message}`);
        }
      } finally {
        try {
          controller.close();
        } catch {
          // the client is gone already
        }
      }
    },
    cancel() {
      abort.abort();
    },
  });
  return new Response(stream, {
    status: 200,
    headers: events
      ? {
          "content-type": "text/event-stream",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
        }
      : { "content-type": "text/plain; charset=utf-8", "cache-control": "no-cache, no-transform" },
  });
}
