// Preloaded (`--import`) into the benchmark's child processes, which run with --expose-gc, so the
// bots themselves need no debug endpoint. Over IPC it answers:
//   "heap"          → { heapUsed, rss } after a full garbage collection;
//   "profile:start" → starts the CPU profiler (node:inspector) and a CPU-time count;
//   "profile:stop"  → { cpuMicros, profile }: the process CPU time (all threads) since the start,
//                     and the main thread's CPU profile.
import { Session } from "node:inspector/promises";

const SAMPLING_INTERVAL_US = 500;

let session: Session | undefined;
let cpuAtStart: NodeJS.CpuUsage | undefined;

async function startProfile(): Promise<void> {
  session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
  await session.post("Profiler.start");
  cpuAtStart = process.cpuUsage();
}

async function stopProfile(): Promise<{ cpuMicros: number; profile: unknown }> {
  const cpu = process.cpuUsage(cpuAtStart);
  const { profile } = (await session?.post("Profiler.stop")) ?? { profile: null };
  session?.disconnect();
  session = undefined;
  return { cpuMicros: cpu.user + cpu.system, profile };
}

if (process.send) {
  process.on("message", (message) => {
    if (message === "heap") {
      globalThis.gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      process.send?.({ heapUsed, rss });
    } else if (message === "profile:start") {
      void startProfile().then(() => process.send?.({ started: true }));
    } else if (message === "profile:stop") {
      void stopProfile().then((result) => process.send?.(result));
    }
  });
  // The channel must not keep a process alive that would otherwise exit.
  process.channel?.unref();
}
