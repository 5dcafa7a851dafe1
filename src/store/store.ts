/**
 * The bot's shared, short-lived state: conversation memory, webhook de-duplication and the
 * simulator's rate limit. One process keeps it in memory; several processes share it on Redis.
 * Every value expires: nothing here is meant to be kept.
 */
export interface Store {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets the key only if it does not exist; true when this call set it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Adds one to a counter that starts at 0 and expires `ttlMs` after its first increment. */
  increment(key: string, ttlMs: number): Promise<Counter>;
  close(): Promise<void>;
}

export interface Counter {
  count: number;
  /** Time left before the counter expires and starts again at 0. */
  expiresInMs: number;
}

export interface StoreHealth {
  status: "ok" | "degraded";
  /** Why the store is degraded (for /healthz and logs). */
  reason?: string;
}
