import type { Logger } from "../log.ts";
import { type Conversations, createConversations } from "./conversations.ts";
import { createMemoryStore } from "./memory-store.ts";
import { withKeyPrefix } from "./prefixed.ts";
import { createRedisStore } from "./redis-store.ts";
import { type CheckedStore, alwaysHealthy, createResilientStore } from "./resilient-store.ts";

/** Everything the receivers remember between events, in one place so every receiver shares it. */
export interface BotState {
  store: CheckedStore;
  conversations: Conversations;
}

export const DEFAULT_MEMORY_TTL_MS = 30 * 60_000;
// Conversation memories (~200 bytes), event ids and rate-limit counters: a few MB at most.
const LOCAL_CAPACITY = 20_000;
// While Redis is down, one line a minute says so, not one per event.
const FAILURE_LOG_INTERVAL_MS = 60_000;

/** One process: everything in memory, bounded. */
export function createLocalState(memoryTtlMs: number = DEFAULT_MEMORY_TTL_MS): BotState {
  const store = alwaysHealthy(createMemoryStore(LOCAL_CAPACITY));
  return { store, conversations: createConversations(store, memoryTtlMs) };
}

export interface SharedStateOptions {
  redisUrl: string;
  /** Namespace of every key (per channel), so several bots share one Redis. */
  keyPrefix: string;
  memoryTtlMs: number;
  commandTimeoutMs: number;
  logger: Logger;
}

/** Several processes: Redis, with each process's own memory as the fallback while Redis fails. */
export function createSharedState({ redisUrl, keyPrefix, memoryTtlMs, commandTimeoutMs, logger }: SharedStateOptions): BotState {
  const store = createResilientStore({
    shared: withKeyPrefix(createRedisStore({ url: redisUrl, commandTimeoutMs }), keyPrefix),
    local: createMemoryStore(LOCAL_CAPACITY),
    logger,
    logIntervalMs: FAILURE_LOG_INTERVAL_MS,
  });
  return { store, conversations: createConversations(store, memoryTtlMs) };
}
