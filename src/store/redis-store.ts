import { createRequire } from "node:module";
import type { Redis as RedisClient } from "ioredis";
import type { Counter, Store } from "./store.ts";

/** The client, loaded only where a Redis is used: a bot on its own memory does not pay for it at start (~30 ms, ~6 MB). */
function redisClass(): typeof RedisClient {
  return (createRequire(import.meta.url)("ioredis") as typeof import("ioredis")).Redis;
}

export interface RedisStoreOptions {
  url: string;
  /** A command not answered within this time fails, so a hung Redis cannot hold a reply back. */
  commandTimeoutMs: number;
}

/** The shared store: every process of the bot (and of other bots, by key prefix) on one Redis. */
export function createRedisStore({ url, commandTimeoutMs }: RedisStoreOptions): Store {
  const Redis = redisClass();
  const redis = new Redis(url, {
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(1000, commandTimeoutMs),
    // Commands sent while connecting wait (at most commandTimeout); once the connection is lost they fail at once, below.
    maxRetriesPerRequest: 0,
    // Commands of concurrent events issued in the same tick go out in one write: fewer syscalls under load.
    enableAutoPipelining: true,
    // Reconnect for ever, at most a second apart: the bot recovers by itself when Redis returns.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    lazyConnect: false,
  });
  // Errors reach callers through rejected commands; without a listener ioredis would print each one.
  redis.on("error", () => {});
  // Between reconnection attempts nothing can answer: failing at once keeps replies from waiting on Redis.
  const reachable = async (): Promise<void> => {
    if (redis.status === "reconnecting" || redis.status === "close" || redis.status === "end") throw new Error(`redis connection ${redis.status}`);
  };

  return {
    get: async (key) => {
      await reachable();
      return redis.get(key);
    },
    set: async (key, value, ttlMs) => {
      await reachable();
      await redis.set(key, value, "PX", ttlMs);
    },
    setIfAbsent: async (key, value, ttlMs) => {
      await reachable();
      return (await redis.set(key, value, "PX", ttlMs, "NX")) === "OK";
    },
    increment: async (key, ttlMs): Promise<Counter> => {
      await reachable();
      // One round trip: only the first increment creates the key with its expiry; then read both back.
      const results = await redis.multi().set(key, "0", "PX", ttlMs, "NX").incr(key).pttl(key).exec();
      if (!results) throw new Error("redis transaction aborted");
      for (const [err] of results) if (err) throw err;
      const count = Number(results[1]?.[1]);
      const pttl = Number(results[2]?.[1]);
      return { count, expiresInMs: pttl > 0 ? pttl : ttlMs };
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

/** Whether a Redis answers at `url` within a second (for the tests and benchmarks that need one). */
export async function redisAnswers(url: string): Promise<boolean> {
  const Redis = redisClass();
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
