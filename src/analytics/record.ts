import { createHmac } from "node:crypto";
import type { webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import type { FeedbackVerdict, RecordedCandidate, RecordedDecision, ReplyRecord } from "../bot/types.ts";
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
  /** Where the question was asked: LINE, or the browser simulator (operators trying the bot). */
  channel: Channel;
  /** A random key of an answer that asked 「解決しましたか」, which the user's feedback row points to. */
  eventKey: string | null;
  /** A typed question: the engine's top three, "id:score" best first, space-separated. */
  candidates: string | null;
  /** An unanswered question's content words, sorted: near-duplicates share them. */
  contentKey: string | null;
}

export type Channel = "line" | "simulator";

/** The user's 「解決した／解決しない」 on an answer, filed against that answer's event key. */
export interface FeedbackRow {
  occurredAt: number;
  jstDay: string;
  userKey: string | null;
  channel: Channel;
  /** The answer's key (ExchangeRow.eventKey); null when the answer was no longer held (long after it). */
  eventKey: string | null;
  verdict: FeedbackVerdict;
  /** 「解決しない」 only: the masked question, its folded form and content words, as for an unanswered question. */
  questionText: string | null;
  questionKey: string | null;
  contentKey: string | null;
}

/** An answered question held until the user says whether it helped: masked already, so nothing raw waits. */
export interface PendingQuestion {
  eventKey: string;
  text: string;
  contentKey: string | null;
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
  feedback: "other",
};

/** A decision this version does not know (a newer engine's) counts as neither answered nor unanswered. */
export const outcomeOf = (decision: string): Outcome => outcomes[decision as RecordedDecision] ?? "other";

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
  channel?: Channel;
  eventKey?: string;
}

const DIGIT = /[0-9０-９]/;

/**
 * The content words that group near-duplicates (「パソコン貸与のルール」 and 「…は？」). Words with a digit or
 * that masking would change are left out: a phone number split into words must not survive as words.
 */
export function contentKeyOf(words: readonly string[] | undefined): string | null {
  const kept = [...new Set((words ?? []).filter((w) => w.trim() !== "" && !DIGIT.test(w) && maskPersonalData(w) === w))].sort();
  return kept.length > 0 ? kept.join(" ") : null;
}

export function candidatesText(candidates: readonly RecordedCandidate[] | undefined): string | null {
  return candidates && candidates.length > 0 ? candidates.map((c) => `${c.resourceId}:${c.score}`).join(" ") : null;
}

export function parseCandidates(text: string | null): RecordedCandidate[] {
  return (text ?? "")
    .split(" ")
    .filter(Boolean)
    .map((pair) => {
      const at = pair.lastIndexOf(":");
      return { resourceId: pair.slice(0, at), score: Number(pair.slice(at + 1)) };
    });
}

/** The same folded form the log groups unanswered questions by. */
export const questionKeyOf = (masked: string): string => fold(masked) || masked;

/** The row for one answered event. The raw user id and any answered text stay out of it. */
export function shapeExchange({ event, record, at, latencyMs, channel = "line", eventKey }: ExchangeInput, secret: string): ExchangeRow {
  const source = event.source;
  const unanswered = record.unansweredText === undefined ? null : maskPersonalData(record.unansweredText);
  return {
    occurredAt: at.toMillis(),
    ...japanBuckets(at.toMillis()),
    userKey: userKeyOfEvent(event, secret),
    chatType: source?.type && chatTypes.has(source.type) ? source.type : "unknown",
    eventType: event.type,
    decision: record.decision,
    outcome: outcomeOf(record.decision),
    resourceId: record.resourceIds[0] ?? null,
    resourceIds: record.resourceIds.join(" "),
    categoryId: record.categoryId ?? null,
    memoryUsed: record.memoryUsed ?? null,
    latencyMs: Math.max(0, Math.round(latencyMs)),
    unansweredText: unanswered,
    unansweredKey: unanswered === null ? null : questionKeyOf(unanswered),
    channel,
    eventKey: eventKey ?? null,
    candidates: candidatesText(record.candidates),
    contentKey: unanswered === null ? null : contentKeyOf(record.words),
  };
}

/** The user key of whoever sent the event; null when LINE did not say. */
export function userKeyOfEvent(event: webhook.Event, secret: string): string | null {
  const source = event.source;
  const userId = source && "userId" in source ? source.userId : undefined;
  return userId ? userKeyOf(secret, userId) : null;
}

export interface FeedbackInput {
  event: webhook.Event;
  verdict: FeedbackVerdict;
  at: DateTime;
  channel: Channel;
  /** The answer the feedback is about, when it was still held. */
  pending: PendingQuestion | null;
}

/** The feedback row: the question's text is kept only when the user said the answer did not help. */
export function shapeFeedback({ event, verdict, at, channel, pending }: FeedbackInput, secret: string): FeedbackRow {
  const text = verdict === "unresolved" && pending ? pending.text : null;
  return {
    occurredAt: at.toMillis(),
    jstDay: japanBuckets(at.toMillis()).jstDay,
    userKey: userKeyOfEvent(event, secret),
    channel,
    eventKey: pending?.eventKey ?? null,
    verdict,
    questionText: text,
    questionKey: text === null ? null : questionKeyOf(text),
    contentKey: text === null ? null : pending?.contentKey ?? null,
  };
}
