import type { ExchangeRow, FeedbackRow } from "./record.ts";
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
  ["channel", "text"],
  ["event_key", "text"],
  ["candidates", "text"],
  ["content_key", "text"],
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
    row.channel,
    row.eventKey,
    row.candidates,
    row.contentKey,
  ];
}

const insertOne = `INSERT INTO exchanges (${columns}) VALUES ${placeholders}`;

/** What the write queue holds: an event's row, or a user's feedback on an answer. */
export type LogRow = { exchange: ExchangeRow } | { feedback: FeedbackRow };

/** Writes a batch whole or not at all (then it is retried whole), in the way each database does fastest. */
export async function insertLogRows(db: SqlDatabase, rows: LogRow[]): Promise<void> {
  const exchanges = rows.flatMap((r) => ("exchange" in r ? [r.exchange] : []));
  const feedback = rows.flatMap((r) => ("feedback" in r ? [r.feedback] : []));
  if (feedback.length === 0) {
    await insertExchanges(db, exchanges);
    return;
  }
  // Feedback is rare: the batch that has some is written in one transaction, exchanges first (feedback points at them).
  await db.transaction(async (tx) => {
    await insertExchanges(tx, exchanges);
    for (const row of feedback) await upsertFeedback(tx, row);
  });
}

/** Writes a batch of exchanges whole or not at all. */
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

// One verdict per answer: a second tap (a changed mind) replaces the first.
const feedbackColumns = "occurred_at, jst_day, user_key, channel, event_key, verdict, question_text, question_key, content_key";
const upsertFeedbackSql = `INSERT INTO feedback (${feedbackColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (event_key) DO UPDATE SET occurred_at = excluded.occurred_at, jst_day = excluded.jst_day, verdict = excluded.verdict,
    question_text = excluded.question_text, question_key = excluded.question_key, content_key = excluded.content_key`;

function upsertFeedback(db: SqlDatabase, row: FeedbackRow): Promise<number> {
  return db.execute(upsertFeedbackSql, [row.occurredAt, row.jstDay, row.userKey, row.channel, row.eventKey, row.verdict, row.questionText, row.questionKey, row.contentKey]);
}

/** Retention: deletes rows older than `cutoffMs`, and marks whose example is that old; returns how many rows. */
export async function deleteRowsBefore(db: SqlDatabase, cutoffMs: number): Promise<number> {
  return db.transaction(async (tx) => {
    const exchanges = await tx.execute("DELETE FROM exchanges WHERE occurred_at < ?", [cutoffMs]);
    const feedback = await tx.execute("DELETE FROM feedback WHERE occurred_at < ?", [cutoffMs]);
    const marks = await tx.execute("DELETE FROM marks WHERE example_at < ?", [cutoffMs]);
    return exchanges + feedback + marks;
  });
}

/** A deletion request: everything stored for one user key (their events, feedback and marks on their words); returns how many rows. */
export async function deleteRowsOfUser(db: SqlDatabase, userKey: string): Promise<number> {
  return db.transaction(async (tx) => {
    const exchanges = await tx.execute("DELETE FROM exchanges WHERE user_key = ?", [userKey]);
    const feedback = await tx.execute("DELETE FROM feedback WHERE user_key = ?", [userKey]);
    const marks = await tx.execute("DELETE FROM marks WHERE example_user_key = ?", [userKey]);
    return exchanges + feedback + marks;
  });
}

export async function countExchanges(db: SqlDatabase): Promise<number> {
  const [row] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM exchanges");
  return Number(row?.n ?? 0);
}
