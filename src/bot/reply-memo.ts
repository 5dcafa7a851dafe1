import type { webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import type { ConversationMemory } from "./memory.ts";
import type { BotReply } from "./types.ts";

/**
 * Recent replies by what the user sent and the minute it was answered in. Bursts repeat themselves
 * (everyone taps the same buttons after a TV mention), and a reply depends only on the input, the
 * catalog, the instant, whose effect (opening status, "10:30時点") changes at most once a minute, and
 * the conversation's memory, which is part of the key: 「そこって何時まで？」 means something else
 * after each answer.
 */
export interface ReplyMemo {
  get(event: webhook.Event, now: DateTime, memory: ConversationMemory | null): BotReply | null | undefined;
  set(event: webhook.Event, now: DateTime, memory: ConversationMemory | null, reply: BotReply | null): void;
}

const MINUTE_MS = 60_000;

/** The part of an event its reply depends on; undefined for events not worth remembering. */
function inputOf(event: webhook.Event): string | undefined {
  if (event.mode !== "active" || !("replyToken" in event) || !event.replyToken) return undefined;
  const where = event.source?.type ?? "user";
  if (event.type === "postback") return typeof event.postback?.data === "string" ? `postback|${where}|${event.postback.data}` : undefined;
  if (event.type !== "message" || event.message?.type !== "text") return undefined;
  const mentions = where === "user" ? "" : JSON.stringify(event.message.mention?.mentionees ?? []);
  return `text|${where}|${mentions}|${event.message.text}`;
}

export function createReplyMemo(capacity: number): ReplyMemo {
  const entries = new Map<string, BotReply | null>();
  const keyOf = (event: webhook.Event, now: DateTime, memory: ConversationMemory | null) => {
    const input = inputOf(event);
    return input === undefined ? undefined : `${Math.floor(now.toMillis() / MINUTE_MS)}|${memory ? JSON.stringify(memory) : ""}|${input}`;
  };
  return {
    get(event, now, memory) {
      const key = keyOf(event, now, memory);
      if (key === undefined || !entries.has(key)) return undefined;
      const reply = entries.get(key) ?? null;
      // Re-inserting keeps the Map in least-recently-used order.
      entries.delete(key);
      entries.set(key, reply);
      return reply;
    },
    set(event, now, memory, reply) {
      const key = keyOf(event, now, memory);
      if (key === undefined) return;
      entries.set(key, reply);
      if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    },
  };
}
