import type { Counter, Store } from "./store.ts";

interface Entry {
  key: string;
  value: string;
  expiresAtMs: number;
}

/**
 * The store of a single process: at `capacity` the least recently written entry goes first, so that
 * memory stays bounded whatever traffic arrives.
 */
export function createMemoryStore(capacity: number, nowMs: () => number = Date.now): Store {
  const entries = new Map<string, Entry>();
  // Every write in order, rewritten and expired ones too (skipped when reached): the oldest entry is found here,
  // not by iterating the Map, which steps over each slot its deletions left (tens of µs per write once full).
  let writes: (Entry | undefined)[] = [];
  let oldest = 0;
  const current = (entry: Entry | undefined) => entry !== undefined && entries.get(entry.key) === entry;

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAtMs <= nowMs()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const write = (key: string, value: string, expiresAtMs: number): void => {
    const entry = { key, value, expiresAtMs };
    entries.set(key, entry);
    writes.push(entry);
    if (entries.size > capacity) {
      // Passed writes are let go at once: the list must not keep what the store dropped.
      while (!current(writes[oldest])) writes[oldest++] = undefined;
      entries.delete((writes[oldest] as Entry).key);
      writes[oldest++] = undefined;
    }
    // The list is rebuilt from the store's own entries once it has passed or outgrown the store's size.
    if (oldest > capacity || writes.length - oldest > 2 * capacity) {
      writes = writes.slice(oldest).filter(current);
      oldest = 0;
    }
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
    close: async () => {
      entries.clear();
      writes = [];
      oldest = 0;
    },
  };
}
