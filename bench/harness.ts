// What the HTTP benchmark and the profile share: a fake LINE API in this process that records when
// each reply token arrives, the bots as child processes on loopback (with bench/probe.ts preloaded),
// signed webhooks with repeated or distinct questions, and two ways of sending them: autocannon at
// fixed concurrency (or its overallRate) and an open-loop pacer for evenly spaced arrivals.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, openSync, readFileSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import { createRequire } from "node:module";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sign, textMessageEvent, webhookBody } from "../test/support/webhook.ts";
import type { CpuProfile } from "./stages.ts";

export const SECRET = "bench-channel-secret-7d0c1f6a2b";
const ACCESS_TOKEN = "bench-access-token-Zm9vYmFyYmF6";
const REPLY_GRACE_MS = 2000;

const QUESTIONS = [
  "テレワークの相談窓口を教えて",
  "テレワーク導入に使える助成金はありますか？",
  "今電話つながる窓口ある？",
  "IT導入補助金について教えて",
  "東京都のテレワーク助成金ってある？",
  "在宅勤務の就業規則のひな形がほしい",
  "テレワークのセキュリティガイドラインを読みたい",
  "テレワーク相談センターの電話番号",
  "働き方改革推進支援助成金の申請ってどこに出せばいいの？",
  "テレワークを実際に体験できる場所ってある？",
  "こんにちは",
  "ありがとう",
];

// Real traffic rarely repeats a message word for word: each question gets a detail of its own.
const DETAILS = ["従業員{n}人の会社です", "社員は{n}名です", "{n}店舗あります", "創業{n}年目です", "{n}人で在宅勤務を始めたい"];

/** "repeated": the 12 questions as they are (the memo answers most); "distinct": never the same text twice. */
export type Load = "repeated" | "distinct";

let distinctCount = 0;
function questionFor(load: Load): string {
  const question = QUESTIONS[Math.floor(Math.random() * QUESTIONS.length)] as string;
  if (load === "repeated") return question;
  distinctCount++;
  const detail = (DETAILS[distinctCount % DETAILS.length] as string).replace("{n}", String(distinctCount));
  return `${question}。${detail}`;
}

export function newWebhook(load: Load): { body: string; token: string } {
  const event = textMessageEvent(questionFor(load));
  return { body: webhookBody([event]), token: event.replyToken as string };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the fake LINE API ------------------------------------------------------------------------

export const sentAt = new Map<string, number>();
export const arrivedAt = new Map<string, number>();
export const lineApiStats = { duplicateReplies: 0 };

const lineApi = createServer((req, res) => {
  let head = "";
  req.on("data", (chunk: Buffer) => {
    // The reply token is the first field both bots send; the rest of the body is not needed.
    if (head.length < 128) head += chunk.toString("latin1", 0, 128);
  });
  req.on("end", () => {
    const token = /"replyToken":"([0-9a-f]+)"/.exec(head)?.[1];
    if (token !== undefined) {
      if (arrivedAt.has(token)) lineApiStats.duplicateReplies++;
      else arrivedAt.set(token, performance.now());
    }
    res.writeHead(200, { "content-type": "application/json", "x-line-request-id": randomUUID() });
    res.end('{"sentMessages":[{"id":"1","quoteToken":"q"}]}');
  });
});

export async function startLineApi(): Promise<string> {
  await new Promise<void>((resolve) => lineApi.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(lineApi.address() as AddressInfo).port}`;
}

export function stopLineApi(): void {
  lineApi.closeAllConnections();
  lineApi.close();
}

// ---- child processes --------------------------------------------------------------------------

export interface Target {
  name: string;
  child: ChildProcess;
  url: string;
  logPath: string;
}
export const children: ChildProcess[] = [];
const projectRoot = path.resolve(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// The bot runs with the V8 flags and the environment `npm start` gives it (the young generation's cap, the old
// generation's growth, the C heap's mmap threshold), as in production.
const startScript = (JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
// …and its compile cache, preloaded first, as there (its modules' code and stripped types kept between starts).
const startFlags = [
  ...(startScript.match(/--import \.\/src\/compile-cache\.mjs/) ? ["--import", pathToFileURL(path.join(projectRoot, "src/compile-cache.mjs")).href] : []),
  ...(startScript.match(/--(max-semi-space-size|heap-growing-percent)=\d+/g) ?? []),
];
const startEnv = Object.fromEntries([...startScript.matchAll(/(?:^|\s)([A-Z_]+)=(\S+)(?=\s)/g)].map((m) => [m[1] as string, m[2] as string]));

export async function startTarget(name: string, script: string, lineApiUrl: string, logDir: string, env: Record<string, string> = {}): Promise<Target> {
  const port = await freePort();
  const logPath = path.join(logDir, `${name}.log`);
  const log = openSync(logPath, "w");
  const probe = pathToFileURL(path.join(projectRoot, "bench/probe.ts")).href;
  const [flags, scriptEnv] = script === "src/main.ts" ? [startFlags, startEnv] : [[], {}];
  const child = spawn(process.execPath, [...flags, "--expose-gc", "--import", probe, script], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      PORT: String(port),
      LINE_CHANNEL_SECRET: SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      LINE_API_BASE_URL: lineApiUrl,
      ...scriptEnv,
      ...env,
    },
    stdio: ["ignore", log, log, "ipc"],
  });
  closeSync(log);
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(50)) {
    if (child.exitCode !== null) break;
    // Any answer means it listens (the echo bot has no /healthz and answers 404).
    if (await fetch(`${url}/healthz`).then(() => true, () => false)) return { name, child, url, logPath };
  }
  throw new Error(`${name} did not start:\n${readFileSync(logPath, "utf8").slice(-2000)}`);
}

export async function stopChildren(): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      if ((await Promise.race([exited.then(() => true), sleep(3000).then(() => false)])) === false) child.kill("SIGKILL");
    }),
  );
}

/** No child outlives this process, however it ends. */
export function killChildrenOnExit(): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void stopChildren().finally(() => process.exit(130)));
  }
  process.on("exit", () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });
}

/** VmRSS (now) or VmHWM (the kernel's peak, no sampling gaps) of a child, in MB. */
export function memoryMb(child: ChildProcess, field: "VmRSS" | "VmHWM"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** User + system CPU time of a child so far, µs (/proc counts in clock ticks of 10 ms). */
export function cpuMicros(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** Asks the child's probe (bench/probe.ts) and waits for its answer. */
export function ask<T>(child: ChildProcess, message: "heap" | "profile:start" | "profile:stop"): Promise<T> {
  return new Promise((resolve) => {
    child.once("message", (answer) => resolve(answer as T));
    child.send(message);
  });
}

export const liveHeapMb = async (child: ChildProcess) => (await ask<{ heapUsed: number }>(child, "heap")).heapUsed / 2 ** 20;

/** Runs `load` with the child's CPU profiler on; returns its CPU time (all threads) and profile. */
export async function profiled(child: ChildProcess, load: () => Promise<unknown>): Promise<{ cpuMicros: number; profile: CpuProfile }> {
  await ask(child, "profile:start");
  await load();
  return ask(child, "profile:stop");
}

// ---- load -------------------------------------------------------------------------------------

export interface Turn {
  seconds: number;
  /** The target's process CPU time (all threads) per reply received, µs: unlike rates, unmoved by other processes' load. */
  cpuPerReply: number;
  webhooksPerSecond: number;
  repliesPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  timeouts: number;
  connectionErrors: number;
  missingReplies: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

type Context = { token?: string };
interface AutocannonResult {
  non2xx: number;
  errors: number;
  timeouts: number;
}
const autocannon = createRequire(import.meta.url)("autocannon") as (options: {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  timeout: number;
  requests: {
    method: "POST";
    path: string;
    setupRequest(request: Record<string, unknown>, context: Context): Record<string, unknown>;
    onResponse(status: number, body: string, context: Context): void;
  }[];
}) => Promise<AutocannonResult>;

export interface TurnOptions {
  load: Load;
  seconds: number;
  connections: number;
  /** autocannon's overallRate: each second's quota released at once (a burst). */
  overallRate?: number;
}

/** autocannon: each connection sends again as soon as it is answered (or at overallRate). */
export async function turn(target: Target, { load, seconds, connections, overallRate }: TurnOptions): Promise<Turn> {
  const acknowledged: string[] = [];
  const cpuAtStart = cpuMicros(target.child);
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    overallRate,
    timeout: 5,
    requests: [
      {
        method: "POST",
        path: "/webhook",
        setupRequest(request, context) {
          const { body, token } = newWebhook(load);
          // autocannon builds each request just before writing it, so this is the send time.
          sentAt.set(token, performance.now());
          context.token = token;
          return { ...request, body, headers: { "content-type": "application/json; charset=utf-8", "x-line-signature": sign(body, SECRET) } };
        },
        // With a single request in the list autocannon gives each request a fresh context, and with
        // no pipelining the answer is recorded before the next request is built.
        onResponse(status, _body, context) {
          if (status >= 200 && status < 300 && context.token) acknowledged.push(context.token);
        },
      },
    ],
  });
  return { ...(await collect(target, acknowledged, seconds, cpuAtStart)), non2xx: result.non2xx, timeouts: result.timeouts, connectionErrors: result.errors };
}

/** Waits (a little) for the replies to the acknowledged webhooks, then measures them. */
async function collect(target: Target, acknowledged: string[], seconds: number, cpuAtStart: number): Promise<Omit<Turn, "non2xx" | "timeouts" | "connectionErrors">> {
  const graceEnds = performance.now() + REPLY_GRACE_MS;
  while (performance.now() < graceEnds && !acknowledged.every((t) => arrivedAt.has(t))) await sleep(20);
  const latencies = acknowledged
    .flatMap((t) => {
      const arrived = arrivedAt.get(t);
      const sent = sentAt.get(t);
      return arrived === undefined || sent === undefined ? [] : [arrived - sent];
    })
    .sort((a, b) => a - b);
  return {
    seconds,
    cpuPerReply: (cpuMicros(target.child) - cpuAtStart) / latencies.length,
    webhooksPerSecond: acknowledged.length / seconds,
    repliesPerSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    missingReplies: acknowledged.length - latencies.length,
  };
}

/**
 * Open-loop arrivals at an even pace: webhook n leaves at n / rate seconds whether or not earlier
 * ones were answered, as LINE sends when users write. autocannon's overallRate cannot do this
 * (it releases each second's quota at once), so this is the realistic reading of "N per second".
 */
export async function pacedTurn(target: Target, { load, seconds, rate }: { load: Load; seconds: number; rate: number }): Promise<Turn> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const { hostname, port } = new URL(target.url);
  const total = rate * seconds;
  const acknowledged: string[] = [];
  let non2xx = 0;
  let timeouts = 0;
  let connectionErrors = 0;
  const cpuAtStart = cpuMicros(target.child);

  const send = (): Promise<void> =>
    new Promise((done) => {
      const { body, token } = newWebhook(load);
      const req = request({ agent, hostname, port, method: "POST", path: "/webhook", timeout: 5000 }, (res) => {
        if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) acknowledged.push(token);
        else non2xx++;
        res.resume().on("end", done);
      });
      req.setHeader("content-type", "application/json; charset=utf-8");
      req.setHeader("x-line-signature", sign(body, SECRET));
      let timedOut = false;
      req.on("timeout", () => ((timedOut = true), req.destroy()));
      req.on("error", () => {
        if (timedOut) timeouts++;
        else connectionErrors++;
        done();
      });
      sentAt.set(token, performance.now());
      req.end(body);
    });

  const pending: Promise<void>[] = [];
  const start = performance.now();
  while (pending.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    while (pending.length < due) pending.push(send());
    await sleep(1);
  }
  await Promise.all(pending);
  agent.destroy();
  return { ...(await collect(target, acknowledged, seconds, cpuAtStart)), non2xx, timeouts, connectionErrors };
}
