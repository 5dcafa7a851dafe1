import type { messagingApi, webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import type { FollowUp } from "./follow-up.ts";
import type { ConversationMemory } from "./memory.ts";

export interface BotContext {
  /** The instant the event is handled, in Asia/Tokyo. Injected so tests and the simulator can move the clock. */
  now: DateTime;
  /** What this conversation last showed, read by the receiver before calling the handler; null when nothing is remembered. */
  memory?: ConversationMemory | null;
}

/** What the bot decided, in the terms operators count (the question log). */
export type RecordedDecision = "resource" | "category" | "openNow" | "greeting" | "referral" | "notFound" | "refused" | "welcome" | "join" | "nonText";

/** The decision behind a reply, for the question log: ids and, only for unanswered questions, the text. */
export interface ReplyRecord {
  decision: RecordedDecision;
  /** Resources the reply shows, best first. */
  resourceIds: string[];
  categoryId?: string;
  /** The user's text, only when the bot could not answer it (masked before it is stored). */
  unansweredText?: string;
  /** Whether conversation memory shaped the answer, when the bot has such memory. */
  memoryUsed?: boolean;
}

/** The outcome of one event: the messages to reply with, or null when nothing should be sent. */
export interface BotReply {
  messages: messagingApi.Message[];
  /** Why (for logs): e.g. "text:resources", "postback:unknown", "sticker". */
  reason: string;
  /** The conversation's memory after this reply, for the receiver to store; absent: keep it as it is. */
  memory?: ConversationMemory;
  /** Present when the message was answered as a follow-up about what was remembered. */
  followUp?: Omit<FollowUp, "decision">;
  /** The decision behind the reply, for the question log. */
  record?: ReplyRecord;
}

/** The whole bot as seen by its receivers (webhook, simulator, terminal chat): pure, synchronous; memory in and out as data. */
export type EventHandler = (event: webhook.Event, context: BotContext) => BotReply | null;
