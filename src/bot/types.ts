import type { messagingApi, webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";

export interface BotContext {
  /** The instant the event is handled, in Asia/Tokyo. Injected so tests and the simulator can move the clock. */
  now: DateTime;
}

/** The outcome of one event: the messages to reply with, or null when nothing should be sent. */
export interface BotReply {
  messages: messagingApi.Message[];
  /** Why (for logs): e.g. "text:resources", "postback:unknown", "sticker". */
  reason: string;
}

/** The whole bot as seen by its receivers (webhook, simulator, terminal chat): pure, synchronous. */
export type EventHandler = (event: webhook.Event, context: BotContext) => BotReply | null;
