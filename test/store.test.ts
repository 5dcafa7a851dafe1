import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/log.ts";
import { createMemoryStore } from "../src/store/memory-store.ts";
import { withKeyPrefix } from "../src/store/prefixed.ts";
import { createRedisStore } from "../src/store/redis-store.ts";
import { createResilientStore } from "../src/store/resilient-store.ts";
import type { Store } from "../src/store/store.ts";
import { type OwnRedis, SHARED_REDIS_URL, keysUnder, runPrefix, redisServerInstalled, sharedRedisAvailable, startOwnRedis } from "./support/redis.ts";

const redisUp = await sharedRedisAvailable();
const canStartRedis = redisServerInstalled();

/** The contract both stores keep, checked on each. `advance` moves its clock (real time for Redis). */
function storeContract(name: string, make: () => { store: Store; advance: (ms: number) => Promise<void> }, options: { skip?: boolean } = {}) {
  describe.skipIf(options.skip === true)(`${name} store`, () => {
    it("gets what was set, until it expires", async () => {
      const { store, advance } = make();
      expect(await store.get("a")).toBeNull();
      await store.set("a", "1", 300);
      expect(await store.get("a")).toBe("1");
      await advance(400);
      expect(await store.get("a")).toBeNull();
    });

    it("sets if absent only once while the key lives, then again after it expired", async () => {
      const { store, advance } = make();
      expect(await store.setIfAbsent("event", "1", 300)).toBe(true);
      expect(await store.setIfAbsent("event", "1", 300)).toBe(false);
      await advance(400);
      expect(await store.setIfAbsent("event", "1", 300)).toBe(true);
    });

    it("counts, and starts again when the counter's window has passed", async () => {
      const { store, advance } = make();
      expect((await store.increment("n", 300)).count).toBe(1);
      const second = await store.increment("n", 300);
      expect(second.count).toBe(2);
      expect(second.expiresInMs).toBeGreaterThan(0);
      expect(second.expiresInMs).toBeLessThanOrEqual(300);
      await advance(400);
      expect((await store.increment("n", 300)).count).toBe(1);
    });
  });
}

storeContract("memory", () => {
  let now = 0;
  return {
    store: createMemoryStore(100, () => now),
    advance: async (ms) => {
      now += ms;
    },
  };
});

const prefix = runPrefix();
const opened: Store[] = [];
storeContract(
  "Redis",
  () => {
    const store = withKeyPrefix(createRedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 1000 }), `${prefix}${opened.length}:`);
    opened.push(store);
    return { store, advance: (ms) => new Promise((r) => setTimeout(r, ms)) };
  },
  { skip: !redisUp },
);

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

describe("memory store bounds", () => {
  it("forgets the least recently written keys beyond its capacity", async () => {
    const store = createMemoryStore(2, () => 0);
    await store.set("a", "1", 1000);
    await store.set("b", "2", 1000);
    await store.set("a", "1", 1000);
    await store.set("c", "3", 1000);
    expect([await store.get("a"), await store.get("b"), await store.get("c")]).toEqual(["1", null, "3"]);
  });
});

describe.skipIf(!redisUp)("Redis keys", () => {
  it("live under the run's prefix, with the expiry asked for", async () => {
    const mine = runPrefix();
    const store = withKeyPrefix(createRedisStore({ url: SHARED_REDIS_URL, commandTimeoutMs: 1000 }), mine);
    try {
      await store.set("memory:user:U1", "{}", 60_000);
      expect(await keysUnder(mine)).toEqual([`${mine}memory:user:U1`]);
    } finally {
      await store.close();
    }
  });
});

function logLines(): { stream: Writable; messages: () => string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { stream, messages: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg) };
}

describe.skipIf(!canStartRedis)("resilient store, when Redis stops and comes back", () => {
  let own: OwnRedis | undefined;
  afterAll(async () => {
    await own?.stop();
  });

  it("falls back per process, logs once per interval, reports degraded, and recovers by itself", async () => {
    own = await startOwnRedis();
    const logs = logLines();
    let now = 0;
    const store = createResilientStore({
      shared: createRedisStore({ url: own.url, commandTimeoutMs: 200 }),
      local: createMemoryStore(100),
      logger: createLogger("info", logs.stream),
      logIntervalMs: 60_000,
      nowMs: () => now,
    });
    try {
      expect(await store.setIfAbsent("event:1", "1", 60_000)).toBe(true);
      await store.set("memory", "shown", 60_000);
      expect(await store.health()).toEqual({ status: "ok" });

      await own.stop();
      // Down: memory is simply missing, de-duplication goes on within the process.
      expect(await store.get("memory")).toBeNull();
      expect(await store.setIfAbsent("event:2", "1", 60_000)).toBe(true);
      expect(await store.setIfAbsent("event:2", "1", 60_000)).toBe(false);
      for (let i = 0; i < 50; i++) await store.get("memory");
      const health = await store.health();
      expect(health.status).toBe("degraded");
      expect(health.reason).toMatch(/Redis/);
      expect(logs.messages().filter((m) => m.startsWith("shared store"))).toHaveLength(1);
      now += 60_000;
      await store.get("memory");
      expect(logs.messages().filter((m) => m === "shared store still failing")).toHaveLength(1);

      await own.start();
      await expect.poll(async () => (await store.health()).status, { timeout: 10_000, interval: 200 }).toBe("ok");
      expect(logs.messages()).toContain("shared store back");
      await store.set("memory", "again", 60_000);
      expect(await store.get("memory")).toBe("again");

      // Hung rather than down: the command timeout ends each wait, and the same fallbacks apply.
      own.freeze();
      expect(await store.get("memory")).toBeNull();
      expect(await store.setIfAbsent("event:3", "1", 60_000)).toBe(true);
      expect((await store.health()).reason).toMatch(/timed out/i);
      own.thaw();
      await expect.poll(async () => (await store.health()).status, { timeout: 10_000, interval: 200 }).toBe("ok");
      expect(await store.get("memory")).toBe("again");
    } finally {
      await store.close();
    }
  });
});
