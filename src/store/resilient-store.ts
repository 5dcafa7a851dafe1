import type { Logger } from "../log.ts";
import type { Counter, Store, StoreHealth } from "./store.ts";

export interface ResilientStoreOptions {
  /** The shared store (Redis). */
  shared: Store;
  /** Used while the shared store fails: per-process de-duplication and rate limits. */
  local: Store;
  logger: Logger;
  /** At most one log line per this interval while failures go on, however many events arrive. */
  logIntervalMs: number;
  nowMs?: () => number;
}

/** A store with a health check: what the bot's receivers are given. */
export interface CheckedStore extends Store {
  /** Tries the shared store once (bounded by its command timeout) and says whether it answers. */
  health(): Promise<StoreHealth>;
}

/** A process's own store never fails. */
export function alwaysHealthy(store: Store): CheckedStore {
  return { ...store, health: async () => ({ status: "ok" }) };
}

// Read by health checks only; it never exists, and a missing key is an answer as good as any.
const PROBE_KEY = "health-probe";

/**
 * The shared store, never in the way of a reply: a failed or timed-out command falls back to the
 * process's own store (set-if-absent, counters) or to nothing (conversation memory is simply not
 * read or written). Every command still tries the shared store first, so the bot recovers by
 * itself as soon as it answers again.
 */
export function createResilientStore({ shared, local, logger, logIntervalMs, nowMs = Date.now }: ResilientStoreOptions): CheckedStore {
  let failure: { reason: string; since: number; failures: number; loggedAt: number } | null = null;

  const failed = (err: unknown): void => {
    const reason = err instanceof Error ? err.message : String(err);
    const now = nowMs();
    if (!failure) {
      failure = { reason, since: now, failures: 1, loggedAt: now };
      logger.error({ reason }, "shared store failing: replying without conversation memory, de-duplicating per process");
      return;
    }
    failure.reason = reason;
    failure.failures += 1;
    if (now - failure.loggedAt >= logIntervalMs) {
      failure.loggedAt = now;
      logger.error({ reason, failures: failure.failures, sinceMs: now - failure.since }, "shared store still failing");
    }
  };

  const succeeded = (): void => {
    if (!failure) return;
    logger.info({ failures: failure.failures, downMs: nowMs() - failure.since }, "shared store back");
    failure = null;
  };

  async function attempt<T>(command: (store: Store) => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      const result = await command(shared);
      succeeded();
      return result;
    } catch (err) {
      failed(err);
      return fallback();
    }
  }

  return {
    get: (key) => attempt((s) => s.get(key), async () => null),
    set: (key, value, ttlMs) => attempt((s) => s.set(key, value, ttlMs), async () => {}),
    setIfAbsent: (key, value, ttlMs) =>
      attempt(
        (s) => s.setIfAbsent(key, value, ttlMs),
        () => local.setIfAbsent(key, value, ttlMs),
      ),
    increment: (key, ttlMs): Promise<Counter> =>
      attempt(
        (s) => s.increment(key, ttlMs),
        () => local.increment(key, ttlMs),
      ),
    health: async () => {
      await attempt((s) => s.get(PROBE_KEY), async () => null);
      return failure ? { status: "degraded", reason: `shared store (Redis) unavailable: ${failure.reason}` } : { status: "ok" };
    },
    close: async () => {
      await Promise.all([shared.close(), local.close()]);
    },
  };
}
