import type { webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import type { BotReply } from "../bot/types.ts";
import type { Logger } from "../log.ts";
import { deleteExchangesBefore, deleteExchangesOfUser, insertExchanges } from "./exchange-store.ts";
import { type ExchangeRow, shapeExchange, userKeyOf } from "./record.ts";
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
}

export interface QuestionLog {
  /** Called after the reply was sent; queues the row and returns at once. */
  record(event: webhook.Event, reply: BotReply, at: DateTime, latencyMs: number): void;
  /** Deletes rows older than the retention period; returns how many. */
  applyRetention(): Promise<number>;
  /** Deletes everything stored for one LINE user id; returns how many rows. */
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

/** The question log: rows shaped at once (so nothing raw waits in memory), written later in batches. */
export function createQuestionLog(options: QuestionLogOptions): QuestionLog {
  const { db, secret, retentionDays, logger } = options;
  const nowMs = options.nowMs ?? Date.now;
  const schemaReady = options.schemaReady ?? (() => true);
  const write = (rows: ExchangeRow[]) => (schemaReady() ? insertExchanges(db, rows) : Promise.reject(new Error("schema not migrated yet")));
  const queue = createWriteQueue<ExchangeRow>({ ...QUEUE_DEFAULTS, ...options.queue, write, logger, nowMs });

  async function applyRetention(): Promise<number> {
    if (!schemaReady()) return 0;
    const deleted = await deleteExchangesBefore(db, nowMs() - retentionDays * DAY_MS);
    if (deleted > 0) logger.info({ deleted, retentionDays }, "question log: old rows deleted");
    return deleted;
  }
  const runRetention = () => applyRetention().catch((err: unknown) => logger.warn({ err: (err as Error).message }, "question log: retention failed; retried later"));
  const retentionTimer = setInterval(runRetention, options.retentionEveryMs ?? RETENTION_EVERY_MS);
  retentionTimer.unref();

  return {
    record(event, reply, at, latencyMs) {
      if (!reply.record) return;
      try {
        queue.push(shapeExchange({ event, record: reply.record, at, latencyMs }, secret));
      } catch (err) {
        // The log is a by-product: a row that cannot be shaped is reported, the reply is unaffected.
        logger.warn({ err }, "question log: row not recorded");
      }
    },
    applyRetention,
    forgetUser: (lineUserId) => deleteExchangesOfUser(db, userKeyOf(secret, lineUserId)),
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
