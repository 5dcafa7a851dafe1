import type { webhook } from "@line/bot-sdk";
import { type ConversationMemory, conversationKey, parseMemory } from "../bot/memory.ts";
import type { Store } from "./store.ts";

/** Each receiver's side of the conversation memory: read it before the handler runs, write what it returns. */
export interface Conversations {
  recall(event: webhook.Event): Promise<ConversationMemory | null>;
  /** Stores the memory a reply returned; undefined leaves the stored one (and its expiry) as it was. */
  remember(event: webhook.Event, memory: ConversationMemory | undefined): Promise<void>;
}

export function createConversations(store: Store, ttlMs: number): Conversations {
  const keyOf = (event: webhook.Event) => {
    const conversation = conversationKey(event);
    return conversation === undefined ? undefined : `memory:${conversation}`;
  };
  return {
    async recall(event) {
      const key = keyOf(event);
      return key === undefined ? null : parseMemory(await store.get(key));
    },
    async remember(event, memory) {
      const key = keyOf(event);
      if (key !== undefined && memory !== undefined) await store.set(key, JSON.stringify(memory), ttlMs);
    },
  };
}
