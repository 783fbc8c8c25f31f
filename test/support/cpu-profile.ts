import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import path from "node:path";

/**
 * With CARTOGRAPH_CPU_PROFILE=<dir>, profiles the main thread from start to `stop`, written
 * there as a .cpuprofile (Chrome DevTools reads it). For the bench and for looking into the
 * server under load: `--cpu-prof` is not allowed in NODE_OPTIONS.
 */
export async function startCpuProfile(): Promise<() => Promise<void>> {
  const dir = process.env.CARTOGRAPH_CPU_PROFILE;
  if (!dir) return async () => {};
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 500 });
  await session.post("Profiler.start");
  return async () => {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  };
}
