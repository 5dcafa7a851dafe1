import { createHmac } from "node:crypto";
import type { webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import type { RecordedDecision, ReplyRecord } from "../bot/types.ts";
import { fold } from "../understand/normalize.ts";

/** One row of the question log, as stored. Times are UTC; the Japan-time buckets are kept so both databases group alike. */
export interface ExchangeRow {
  occurredAt: number;
  /** yyyy-MM-dd, hour 0-23 and weekday 1 (Monday) - 7 (Sunday), in Japan time. */
  jstDay: string;
  jstHour: number;
  jstWeekday: number;
  /** HMAC-SHA256 of the LINE user id: the same user gives the same key, which cannot be turned back into the id. */
  userKey: string | null;
  chatType: string;
  eventType: string;
  decision: RecordedDecision;
  outcome: Outcome;
  /** The best resource of the reply, counted in "top resources". */
  resourceId: string | null;
  /** Every resource of the reply, best first, space-separated. */
  resourceIds: string;
  categoryId: string | null;
  memoryUsed: boolean | null;
  latencyMs: number;
  /** Masked text of a question the bot could not answer; null otherwise. */
  unansweredText: string | null;
  /** Its folded form, which groups the same question written differently. */
  unansweredKey: string | null;
}

/** Questions answered, questions not answered, and everything else (greetings, welcomes, stickers). */
export type Outcome = "answered" | "unanswered" | "other";

const outcomes: Record<RecordedDecision, Outcome> = {
  resource: "answered",
  category: "answered",
  openNow: "answered",
  referral: "unanswered",
  notFound: "unanswered",
  refused: "unanswered",
  greeting: "other",
  welcome: "other",
  join: "other",
  nonText: "other",
};

export function userKeyOf(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId, "utf8").digest("hex");
}

// Written as typed: digits and dashes may be full-width, and any dash or space may split a number.
const D = "[0-9０-９]";
const DASH = "[-‐‑–—−ー－]";
const SEP = `(?:${DASH}|\\s)?`;
const masks: [RegExp, string][] = [
  [/(?:https?:\/\/|www\.)\S+/giu, "〔URL〕"],
  [/[\p{L}\p{N}._%+-]+[@＠][\p{L}\p{N}-]+(?:[.．][\p{L}\p{N}-]+)+/gu, "〔メール〕"],
  [new RegExp(`(?<!${D})(?:[+＋]81${SEP}[(（]?${D}{1,4}[)）]?|[(（]?[0０]${D}{1,4}[)）]?)${SEP}${D}{1,4}${SEP}${D}{3,4}(?!${D})`, "gu"), "〔電話番号〕"],
  [new RegExp(`〒?\\s*(?<!${D})${D}{3}${DASH}${D}{4}(?!${D})`, "gu"), "〔郵便番号〕"],
  [new RegExp(`${D}{5,}`, "gu"), "〔数字〕"],
];

/** Removes what could identify a person (phone numbers, e-mail addresses, URLs, postal codes, long digit runs). */
export function maskPersonalData(text: string): string {
  return masks.reduce((masked, [pattern, label]) => masked.replace(pattern, label), text);
}

// Japan has kept UTC+9 all year since 1951; plain arithmetic costs far less per row than a time-zone library.
const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;

function japanBuckets(utcMs: number): { jstDay: string; jstHour: number; jstWeekday: number } {
  const local = new Date(utcMs + JAPAN_OFFSET_MS);
  return { jstDay: local.toISOString().slice(0, 10), jstHour: local.getUTCHours(), jstWeekday: ((local.getUTCDay() + 6) % 7) + 1 };
}

const chatTypes = new Set(["user", "group", "room"]);

export interface ExchangeInput {
  event: webhook.Event;
  record: ReplyRecord;
  at: DateTime;
  latencyMs: number;
}

/** The row for one answered event. The raw user id and any answered text stay out of it. */
export function shapeExchange({ event, record, at, latencyMs }: ExchangeInput, secret: string): ExchangeRow {
  const source = event.source;
  const userId = source && "userId" in source ? source.userId : undefined;
  const unanswered = record.unansweredText === undefined ? null : maskPersonalData(record.unansweredText);
  return {
    occurredAt: at.toMillis(),
    ...japanBuckets(at.toMillis()),
    userKey: userId ? userKeyOf(secret, userId) : null,
    chatType: source?.type && chatTypes.has(source.type) ? source.type : "unknown",
    eventType: event.type,
    decision: record.decision,
    outcome: outcomes[record.decision],
    resourceId: record.resourceIds[0] ?? null,
    resourceIds: record.resourceIds.join(" "),
    categoryId: record.categoryId ?? null,
    memoryUsed: record.memoryUsed ?? null,
    latencyMs: Math.max(0, Math.round(latencyMs)),
    unansweredText: unanswered,
    unansweredKey: unanswered === null ? null : fold(unanswered) || unanswered,
  };
}
