import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { redisAnswers } from "../../src/store/redis-store.ts";

/** The Redis every machine of this project (and CI) runs. */
export const SHARED_REDIS_URL = "redis://127.0.0.1:6379";

/** A fresh key prefix per test run, so runs (and helpers running tests at once) never meet. */
export const runPrefix = (): string => `test-${randomBytes(6).toString("hex")}:`;


/** Whether the shared Redis answers; when not, says so once, so a skipped suite is never silent. */
export async function sharedRedisAvailable(): Promise<boolean> {
  const up = await redisAnswers(SHARED_REDIS_URL);
  if (!up) console.warn(`Redis at ${SHARED_REDIS_URL} did not answer: the tests that need it are skipped (start redis-server to run them).`);
  return up;
}

/** Whether redis-server can be started (for the tests that stop and start a Redis of their own). */
export function redisServerInstalled(): boolean {
  const installed = spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
  if (!installed) console.warn("redis-server is not installed: the Redis-outage tests are skipped (apt-get install redis-server).");
  return installed;
}

/** Keys a test wrote under its prefix, read straight from Redis. */
export async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(SHARED_REDIS_URL);
  try {
    return await redis.keys(`${prefix}*`);
  } finally {
    redis.disconnect();
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own, on a free port, that the test may stop and start (never the shared one). */
export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and commands hang, as with an overloaded Redis. */
  freeze(): void;
  thaw(): void;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    while (!(await redisAnswers(url))) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((r) => running.once("exit", r));
    running.kill("SIGCONT");
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url, start, stop, freeze: () => child?.kill("SIGSTOP"), thaw: () => child?.kill("SIGCONT") };
}
