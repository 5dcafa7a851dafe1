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
export type RecordedDecision = "resource" | "category" | "openNow" | "greeting" | "referral" | "notFound" | "refused" | "welcome" | "join" | "nonText" | "feedback";

/** One of the engine's best candidates for a typed question: an id and its score, never text. */
export interface RecordedCandidate {
  resourceId: string;
  score: number;
}

/** The user's answer to 「解決しましたか」 on the bot's last answer. */
export type FeedbackVerdict = "resolved" | "unresolved";

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
  /** A typed question: the engine's top three candidates, best first. */
  candidates?: RecordedCandidate[];
  /** A typed question: its content words, which group near-duplicates; stored only with the text. */
  words?: string[];
  /**
   * The user's text of an answered question whose reply asks 「解決しましたか」. Held (masked) only until the
   * user answers 「解決しない」, which makes it a question the bot did not answer; never stored otherwise.
   */
  questionText?: string;
  /** This event is the user's feedback on the bot's last answer. */
  feedback?: FeedbackVerdict;
}

/** The outcome of one event: the messages to reply with, or null when nothing should be sent. */
export interface BotReply {
  messages: messagingApi.Message[];
  /** Why (for logs): e.g. "text:resources", "postback:unknown", "sticker". */
  reason: string;
  /** The conversation's memory after this reply, for the receiver to store; absent: keep it as it is. */
  memory?: ConversationMemory;
  /** Present when the message was answered as a follow-up about what was remembered. */
  followUp?: Pick<FollowUp, "aspect" | "about">;
  /** The decision behind the reply, for the question log. */
  record?: ReplyRecord;
}

/** The whole bot as seen by its receivers (webhook, simulator, terminal chat): pure, synchronous; memory in and out as data. */
export type EventHandler = (event: webhook.Event, context: BotContext) => BotReply | null;
