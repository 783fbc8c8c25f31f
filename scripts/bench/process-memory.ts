// The server's memory as the kernel sees it, and a way to collect its garbage from outside
// (the inspector, opened on demand by SIGUSR1 on a random port).
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import type { ServerProcess } from "../../test/support/server-process";
import { sleep } from "./stats";

export interface MemoryStatus {
  /** Resident set now, kB. */
  rssKb: number;
  /** Peak resident set over the process's life (VmHWM), kB. */
  hwmKb: number;
}

export function memoryOf(pid: number): MemoryStatus {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]);
  return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
}

/** Samples VmRSS every `intervalMs` until stopped; the peak seen, and VmHWM at the end. */
export function sampleMemory(pid: number, intervalMs = 200) {
  let peakRssKb = memoryOf(pid).rssKb;
  const timer = setInterval(() => {
    try {
      peakRssKb = Math.max(peakRssKb, memoryOf(pid).rssKb);
    } catch {
      // the process ended; the last peak stands
    }
  }, intervalMs);
  return {
    /** Ends the sampling; NaN for what can no longer be read (the process ended). */
    stop(): MemoryStatus & { peakRssKb: number } {
      clearInterval(timer);
      let now: MemoryStatus = { rssKb: Number.NaN, hwmKb: Number.NaN };
      try {
        now = memoryOf(pid);
      } catch {
        // the process ended
      }
      return { ...now, peakRssKb: Math.max(peakRssKb, now.rssKb || 0) };
    },
  };
}

/**
 * Runs a full garbage collection in the server: SIGUSR1 opens its inspector (the server is
 * started with --inspect-port=0, so on a free port it prints), then one CDP command.
 */
export async function collectGarbage(server: ServerProcess): Promise<void> {
  // A second signal finds the inspector open already: its address is in the output once.
  server.process.kill("SIGUSR1");
  let address: string | undefined;
  for (let waited = 0; waited < 5_000 && !address; waited += 50) {
    await sleep(50);
    address = /Debugger listening on (ws:\/\/\S+)/.exec(server.output())?.[1];
  }
  if (!address) throw new Error("the server's inspector did not open");
  const socket = new WebSocket(address);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  await new Promise<void>((resolve, reject) => {
    socket.once("message", () => resolve());
    socket.once("error", reject);
    socket.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
  });
  socket.close();
}

/** What a server started for the bench adds to NODE_OPTIONS: an inspector it can open later. */
export const INSPECTABLE = `${process.env.NODE_OPTIONS ?? ""} --inspect-port=0`.trim();
