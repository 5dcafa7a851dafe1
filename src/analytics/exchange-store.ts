import type { ExchangeRow } from "./record.ts";
import type { SqlDatabase, SqlValue } from "./sql.ts";

/** Column and its PostgreSQL type, in the order of valuesOf. */
const columnTypes = [
  ["occurred_at", "bigint"],
  ["jst_day", "text"],
  ["jst_hour", "integer"],
  ["jst_weekday", "integer"],
  ["user_key", "text"],
  ["chat_type", "text"],
  ["event_type", "text"],
  ["decision", "text"],
  ["outcome", "text"],
  ["resource_id", "text"],
  ["resource_ids", "text"],
  ["category_id", "text"],
  ["memory_used", "integer"],
  ["latency_ms", "integer"],
  ["unanswered_text", "text"],
  ["unanswered_key", "text"],
] as const;
const columns = columnTypes.map(([name]) => name).join(", ");
const placeholders = `(${columnTypes.map(() => "?").join(", ")})`;
// PostgreSQL takes a batch as one array per column: one short statement whatever the batch size,
// instead of a VALUES list of thousands of parameters that the server parses and plans each time.
const postgresInsert = `INSERT INTO exchanges (${columns}) SELECT * FROM unnest(${columnTypes.map(([, type]) => `?::${type}[]`).join(", ")})`;

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

const insertOne = `INSERT INTO exchanges (${columns}) VALUES ${placeholders}`;

/** Writes a batch whole or not at all (then it is retried whole), in the way each database does fastest. */
export async function insertExchanges(db: SqlDatabase, rows: ExchangeRow[]): Promise<void> {
  if (rows.length === 0) return;
  if (db.dialect === "postgres") {
    // One statement, one round trip: atomic without an explicit transaction.
    const values = rows.map(valuesOf);
    await db.execute(postgresInsert, columnTypes.map((_, column) => values.map((row) => row[column] ?? null)));
    return;
  }
  // SQLite runs in this process: one prepared statement per row inside one transaction costs least.
  await db.transaction(async (tx) => {
    for (const row of rows) await tx.execute(insertOne, valuesOf(row));
  });
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
