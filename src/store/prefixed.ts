import type { Store } from "./store.ts";

/** Every key under `prefix`, so two bots (or two test runs) can share one Redis without meeting. */
export function withKeyPrefix(store: Store, prefix: string): Store {
  const k = (key: string) => `${prefix}${key}`;
  return {
    get: (key) => store.get(k(key)),
    set: (key, value, ttlMs) => store.set(k(key), value, ttlMs),
    setIfAbsent: (key, value, ttlMs) => store.setIfAbsent(k(key), value, ttlMs),
    increment: (key, ttlMs) => store.increment(k(key), ttlMs),
    close: () => store.close(),
  };
}
