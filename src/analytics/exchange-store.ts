import type { ExchangeRow } from "./record.ts";
import type { SqlDatabase, SqlValue } from "./sql.ts";

const columns = [
  "occurred_at",
  "jst_day",
  "jst_hour",
  "jst_weekday",
  "user_key",
  "chat_type",
  "event_type",
  "decision",
  "outcome",
  "resource_id",
  "resource_ids",
  "category_id",
  "memory_used",
  "latency_ms",
  "unanswered_text",
  "unanswered_key",
];
const placeholders = `(${columns.map(() => "?").join(", ")})`;

function valuesOf(row: ExchangeRow): SqlValue[] {
  return [
    row.occurredAt,
    row.jstDay,
    row.jstHour,
    row.jstWeekday,
    row.userKey,
    row.chatType,
    row.eventType,
    row.decision,
    row.outcome,
    row.resourceId,
    row.resourceIds,
    row.categoryId,
    row.memoryUsed === null ? null : Number(row.memoryUsed),
    row.latencyMs,
    row.unansweredText,
    row.unansweredKey,
  ];
}

/**
 * Writes a batch as one statement, which both databases apply whole or not at all (then it is
 * retried whole); one round trip, no explicit transaction.
 */
export async function insertExchanges(db: SqlDatabase, rows: ExchangeRow[]): Promise<void> {
  if (rows.length === 0) return;
  const sql = `INSERT INTO exchanges (${columns.join(", ")}) VALUES ${rows.map(() => placeholders).join(", ")}`;
  await db.execute(sql, rows.flatMap(valuesOf));
}

/** Retention: deletes rows older than `cutoffMs`; returns how many. */
export function deleteExchangesBefore(db: SqlDatabase, cutoffMs: number): Promise<number> {
  return db.execute("DELETE FROM exchanges WHERE occurred_at < ?", [cutoffMs]);
}

/** A deletion request: everything stored for one user key; returns how many rows. */
export function deleteExchangesOfUser(db: SqlDatabase, userKey: string): Promise<number> {
  return db.execute("DELETE FROM exchanges WHERE user_key = ?", [userKey]);
}

export async function countExchanges(db: SqlDatabase): Promise<number> {
  const [row] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM exchanges");
  return Number(row?.n ?? 0);
}
