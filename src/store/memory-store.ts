import type { Counter, Store } from "./store.ts";

interface Entry {
  value: string;
  expiresAtMs: number;
}

/**
 * The store of a single process: a Map in least-recently-written order, so that at `capacity`
 * the oldest entry goes first and memory stays bounded whatever traffic arrives.
 */
export function createMemoryStore(capacity: number, nowMs: () => number = Date.now): Store {
  const entries = new Map<string, Entry>();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAtMs <= nowMs()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const write = (key: string, value: string, expiresAtMs: number): void => {
    // Deleting first moves the key to the end of the Map's order.
    entries.delete(key);
    entries.set(key, { value, expiresAtMs });
    if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
  };

  return {
    get: async (key) => live(key)?.value ?? null,
    set: async (key, value, ttlMs) => write(key, value, nowMs() + ttlMs),
    setIfAbsent: async (key, value, ttlMs) => {
      if (live(key)) return false;
      write(key, value, nowMs() + ttlMs);
      return true;
    },
    increment: async (key, ttlMs): Promise<Counter> => {
      const entry = live(key);
      const expiresAtMs = entry?.expiresAtMs ?? nowMs() + ttlMs;
      const count = Number(entry?.value ?? 0) + 1;
      write(key, String(count), expiresAtMs);
      return { count, expiresInMs: expiresAtMs - nowMs() };
    },
    close: async () => entries.clear(),
  };
}
