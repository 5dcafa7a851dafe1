// `npm run bench:profile [-- SECONDS]`: where the bot's CPU goes per event, by stage and by
// function, under each load (bench/harness.ts), with the echo bot's CPU per event for scale.
// The bot runs as in production (`node src/main.ts`, info logs to a file) with its CPU profiler
// switched on over IPC (bench/probe.ts) only while the load runs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Load, type Target, killChildrenOnExit, profiled, startLineApi, startTarget, stopChildren, stopLineApi, turn } from "./harness.ts";
import { STAGES, breakDown } from "./stages.ts";

const SECONDS = Number(process.argv[2] ?? 5);
const CONNECTIONS = 10;

const fixed = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const logDir = mkdtempSync(path.join(tmpdir(), "bench-profile-"));
killChildrenOnExit();

async function cpuPerEvent(target: Target, load: Load) {
  let events = 0;
  const run = await profiled(target.child, async () => {
    const result = await turn(target, { load, seconds: SECONDS, connections: CONNECTIONS });
    events = result.repliesPerSecond * result.seconds;
  });
  return { ...run, events, micros: run.cpuMicros / events };
}

try {
  const lineApiUrl = await startLineApi();
  const bot = await startTarget("bot", "src/main.ts", lineApiUrl, logDir, { SIMULATOR: "off", LOG_LEVEL: "info" });
  const echo = await startTarget("echo", "bench/echo-bot.ts", lineApiUrl, logDir);
  for (const target of [bot, echo]) for (const load of ["repeated", "distinct"] as Load[]) await turn(target, { load, seconds: 1, connections: CONNECTIONS });

  for (const load of ["repeated", "distinct"] as Load[]) {
    const echoRun = await cpuPerEvent(echo, load);
    const botRun = await cpuPerEvent(bot, load);
    const { micros, totalMicros, top } = breakDown(botRun.profile, 25);
    // Stages are sampled on the main thread; scaled so they add up to the process CPU (GC threads included).
    const scale = botRun.micros / totalMicros;
    console.log(`\n${load}: ${SECONDS} s, ${CONNECTIONS} connections; ${fixed(botRun.events)} events for the bot, ${fixed(echoRun.events)} for the echo bot`);
    console.log(`  process CPU per event: bot ${fixed(botRun.micros)} µs, echo bot ${fixed(echoRun.micros)} µs`);
    console.log("  bot, by stage (µs per event, share):");
    for (const stage of STAGES) console.log(`    ${stage.padEnd(12)}${fixed(micros[stage] * scale).padStart(6)}  ${fixed((100 * micros[stage]) / totalMicros, 1).padStart(5)}%`);
    console.log("  bot, top functions by self time (µs per event, stage):");
    for (const f of top) console.log(`    ${fixed(f.micros * scale, 1).padStart(6)}  ${f.stage.padEnd(11)}${f.name}`);
  }
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await stopChildren();
  stopLineApi();
  rmSync(logDir, { recursive: true, force: true });
}
