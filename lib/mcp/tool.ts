import type { z } from "zod";
import type { Principal } from "../auth/guard";
import type { Services } from "../services";

/** What a tool is run with: the shared services and who is asking. */
export interface ToolContext {
  services: Services;
  /** Every lib call a tool makes is made as this principal (ownership and limits apply). */
  principal: Principal;
  /** Aborted when the client cancels the call or goes away. */
  signal: AbortSignal;
  /** Reports progress to a client that asked for it (MCP progress notifications). */
  progress(update: { progress: number; total?: number; message?: string }): Promise<void>;
}

/** A tool's answer: text an agent reads, and the same facts as structured data. */
export interface ToolResult {
  text: string;
  structured: Record<string, unknown>;
}

/**
 * One MCP tool: its name, what it tells an agent, its input schema (zod, converted to
 * JSON Schema for the client), and what it does: it calls the same `lib` functions as the
 * REST route for the same thing, as the principal.
 */
export interface CartographTool<Input extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: Input;
  /** Reads only: nothing is written, started or spent. */
  readOnly: boolean;
  /**
   * What a token's scope must allow: `write` for tools that add or start something.
   * Asking a question is `read`, as on /ws/chat: a read-only token may ask.
   */
  access: "read" | "write";
  run(args: z.infer<Input>, context: ToolContext): Promise<ToolResult>;
}

/** Keeps each tool's argument type tied to its schema. */
export function defineTool<Input extends z.ZodObject>(
  tool: CartographTool<Input>,
): CartographTool<Input> {
  return tool;
}
