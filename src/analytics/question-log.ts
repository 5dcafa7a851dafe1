import { randomUUID } from "node:crypto";
import type { webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import { conversationKey } from "../bot/memory.ts";
import type { BotReply, FeedbackVerdict } from "../bot/types.ts";
import type { Logger } from "../log.ts";
import { createMemoryStore } from "../store/memory-store.ts";
import type { Store } from "../store/store.ts";
import { deleteRowsBefore, deleteRowsOfUser, insertLogRows, type LogRow } from "./exchange-store.ts";
import { type Channel, contentKeyOf, maskPersonalData, type PendingQuestion, shapeExchange, shapeFeedback, userKeyOf, userKeyOfEvent } from "./record.ts";
import type { SqlDatabase } from "./sql.ts";
import { createWriteQueue, type WriteQueueStats } from "./write-queue.ts";

export interface QuestionLogOptions {
  db: SqlDatabase;
  /** Rows are written only once the schema is in place (see migrateWhenReachable). */
  schemaReady?: () => boolean;
  /** Key of the HMAC that turns LINE user ids into pseudonymous keys. */
  secret: string;
  retentionDays: number;
  logger: Logger;
  nowMs?: () => number;
  /** Defaults suit production; tests shorten them. */
  queue?: Partial<{ capacity: number; batchSize: number; flushDelayMs: number; retryDelayMs: number; logIntervalMs: number }>;
  retentionEveryMs?: number;
  /**
   * Where an answered question waits for the user's 「解決した／解決しない」 (shared by every process on Redis);
   * its own memory by default. Entries are masked and keyed by an HMAC of the conversation.
   */
  pending?: Store;
  /** How long an answer can still get feedback: as long as the conversation is remembered. */
  pendingMs?: number;
}

export interface QuestionLog {
  /** Called after the reply was sent; queues the row and returns at once. `channel`: where it was asked (LINE by default). */
  record(event: webhook.Event, reply: BotReply, at: DateTime, latencyMs: number, channel?: Channel): void;
  /** Deletes rows (events, feedback, marks) older than the retention period; returns how many. */
  applyRetention(): Promise<number>;
  /** Deletes everything stored for one LINE user id (events, feedback, marks on their words); returns how many rows. */
  forgetUser(lineUserId: string): Promise<number>;
  flush(timeoutMs: number): Promise<boolean>;
  /** Flushes within `timeoutMs`, then closes the database. */
  close(timeoutMs: number): Promise<WriteQueueStats>;
  stats(): WriteQueueStats;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// A burst of ~10 s at saturation fits; more than that means the database cannot keep up.
// Few, large batches: the database's work per row is small, its work per statement is not.
const QUEUE_DEFAULTS = { capacity: 10_000, batchSize: 500, flushDelayMs: 500, retryDelayMs: 2000, logIntervalMs: 60_000 };
const RETENTION_EVERY_MS = 60 * 60 * 1000;
const PENDING_CAPACITY = 10_000;
const PENDING_MS = 30 * 60 * 1000;

/** The question log: rows shaped at once (so nothing raw waits in memory), written later in batches. */
export function createQuestionLog(options: QuestionLogOptions): QuestionLog {
  const { db, secret, retentionDays, logger } = options;
  const nowMs = options.nowMs ?? Date.now;
  const schemaReady = options.schemaReady ?? (() => true);
  const write = (rows: LogRow[]) => (schemaReady() ? insertLogRows(db, rows) : Promise.reject(new Error("schema not migrated yet")));
  const queue = createWriteQueue<LogRow>({ ...QUEUE_DEFAULTS, ...options.queue, write, logger, nowMs });
  const pending = options.pending ?? createMemoryStore(PENDING_CAPACITY);
  const pendingMs = options.pendingMs ?? PENDING_MS;

  // The quick reply sits on the last answer only, so a verdict is about the conversation's latest answer.
  // A 1:1 chat is its user, whose key the row already has; a member of a group costs an HMAC of its own.
  const pendingKey = (event: webhook.Event, userKey: string | null) => {
    if (event.source?.type === "user") return userKey === null ? undefined : `question:${userKey}`;
    const conversation = conversationKey(event);
    return conversation === undefined ? undefined : `question:${userKeyOf(secret, conversation)}`;
  };

  function hold(event: webhook.Event, userKey: string | null, question: PendingQuestion): void {
    const key = pendingKey(event, userKey);
    if (key === undefined) return;
    pending.set(key, JSON.stringify(question), pendingMs).catch((err: unknown) => logger.warn({ err: (err as Error).message }, "question log: answer not held for feedback"));
  }

  async function recall(event: webhook.Event): Promise<PendingQuestion | null> {
    const key = pendingKey(event, userKeyOfEvent(event, secret));
    const stored = key === undefined ? null : await pending.get(key).catch(() => null);
    try {
      return stored ? (JSON.parse(stored) as PendingQuestion) : null;
    } catch {
      return null;
    }
  }

  function recordFeedback(event: webhook.Event, verdict: FeedbackVerdict, at: DateTime, channel: Channel): void {
    void recall(event).then((question) => queue.push({ feedback: shapeFeedback({ event, verdict, at, channel, pending: question }, secret) }));
  }

  async function applyRetention(): Promise<number> {
    if (!schemaReady()) return 0;
    const deleted = await deleteRowsBefore(db, nowMs() - retentionDays * DAY_MS);
    if (deleted > 0) logger.info({ deleted, retentionDays }, "question log: old rows deleted");
    return deleted;
  }
  const runRetention = () => applyRetention().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "question log: retention failed; retried later"));
  const retentionTimer = setInterval(runRetention, options.retentionEveryMs ?? RETENTION_EVERY_MS);
  retentionTimer.unref();

  return {
    record(event, reply, at, latencyMs, channel = "line") {
      const { record } = reply;
      if (!record) return;
      try {
        // Random, so it says nothing about the event; randomUUID draws from a buffered pool (randomBytes costs a system call each).
        const eventKey = record.questionText === undefined ? undefined : randomUUID();
        const row = shapeExchange({ event, record, at, latencyMs, channel, eventKey }, secret);
        queue.push({ exchange: row });
        if (eventKey !== undefined && record.questionText !== undefined) {
          hold(event, row.userKey, { eventKey, text: maskPersonalData(record.questionText), contentKey: contentKeyOf(record.words) });
        }
        if (record.feedback) recordFeedback(event, record.feedback, at, channel);
      } catch (err) {
        // The log is a by-product: a row that cannot be shaped is reported, the reply is unaffected.
        logger.warn({ err }, "question log: row not recorded");
      }
    },
    applyRetention,
    forgetUser: (lineUserId) => deleteRowsOfUser(db, userKeyOf(secret, lineUserId)),
    flush: (timeoutMs) => queue.flush(timeoutMs),
    async close(timeoutMs) {
      clearInterval(retentionTimer);
      const stats = await queue.close(timeoutMs);
      await db.close().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "question log: closing the database failed"));
      return stats;
    },
    stats: () => queue.stats(),
  };
}
