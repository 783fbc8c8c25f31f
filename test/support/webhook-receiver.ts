import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookPayload } from "../../lib/protocol/webhooks";

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export type ReceiverAnswer = { status: number; body?: string; location?: string } | "hang";

/** A webhook receiver on 127.0.0.1: records every request and answers as the test says. */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  /** `index`: how many requests to the same path came before this one. */
  answer: (request: ReceivedDelivery, index: number) => ReceiverAnswer = () => ({ status: 200 });
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const entry = {
          path: request.url ?? "",
          headers: request.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          at: Date.now(),
        };
        const index = this.at(entry.path).length;
        this.received.push(entry);
        const answer = this.answer(entry, index);
        if (answer === "hang") return;
        response.writeHead(answer.status, answer.location ? { location: answer.location } : {});
        response.end(answer.body ?? "");
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  at(path: string): ReceivedDelivery[] {
    return this.received.filter((entry) => entry.path === path);
  }

  payloads(): WebhookPayload[] {
    return this.received.map((entry) => JSON.parse(entry.body) as WebhookPayload);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
