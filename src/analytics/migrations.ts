import type { Dialect, SqlDatabase } from "./sql.ts";

interface Migration {
  version: number;
  name: string;
  /** Statements per dialect; they differ only where the two databases spell a type differently. */
  statements: Record<Dialect, string[]>;
}

const sqliteId = "INTEGER PRIMARY KEY AUTOINCREMENT";
const postgresId = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

const exchangesTable = (id: string) => `CREATE TABLE exchanges (
  id ${id},
  occurred_at BIGINT NOT NULL,
  jst_day TEXT NOT NULL,
  jst_hour INTEGER NOT NULL,
  jst_weekday INTEGER NOT NULL,
  user_key TEXT,
  chat_type TEXT NOT NULL,
  event_type TEXT NOT NULL,
  decision TEXT NOT NULL,
  outcome TEXT NOT NULL,
  resource_id TEXT,
  resource_ids TEXT NOT NULL,
  category_id TEXT,
  memory_used INTEGER,
  latency_ms INTEGER NOT NULL,
  unanswered_text TEXT,
  unanswered_key TEXT
)`;
const exchangeIndexes = [
  "CREATE INDEX exchanges_occurred_at ON exchanges (occurred_at)",
  "CREATE INDEX exchanges_jst_day ON exchanges (jst_day)",
  "CREATE INDEX exchanges_user_key ON exchanges (user_key)",
];

// Version 2: where a question came from (LINE or the simulator); what the engine considered; the users'
// 「解決した／解決しない」 on an answer; and the operators' marks on groups of questions, scored per catalog version.
const exchangeColumns = [
  "ALTER TABLE exchanges ADD COLUMN channel TEXT NOT NULL DEFAULT 'line'",
  "ALTER TABLE exchanges ADD COLUMN event_key TEXT",
  "ALTER TABLE exchanges ADD COLUMN candidates TEXT",
  "ALTER TABLE exchanges ADD COLUMN content_key TEXT",
  "CREATE INDEX exchanges_event_key ON exchanges (event_key)",
];
const feedbackTable = (id: string) => `CREATE TABLE feedback (
  id ${id},
  occurred_at BIGINT NOT NULL,
  jst_day TEXT NOT NULL,
  user_key TEXT,
  channel TEXT NOT NULL,
  event_key TEXT UNIQUE,
  verdict TEXT NOT NULL,
  question_text TEXT,
  question_key TEXT,
  content_key TEXT
)`;
const marksTable = (id: string) => `CREATE TABLE marks (
  id ${id},
  group_key TEXT NOT NULL UNIQUE,
  verdict TEXT NOT NULL,
  resource_id TEXT,
  example_text TEXT NOT NULL,
  example_user_key TEXT,
  example_at BIGINT NOT NULL,
  marked_at BIGINT NOT NULL
)`;
const scoresTable = `CREATE TABLE mark_scores (
  catalog_version TEXT PRIMARY KEY,
  scored_at BIGINT NOT NULL,
  summary TEXT NOT NULL
)`;
const operatorIndexes = [
  "CREATE INDEX feedback_occurred_at ON feedback (occurred_at)",
  "CREATE INDEX feedback_jst_day ON feedback (jst_day)",
  "CREATE INDEX feedback_user_key ON feedback (user_key)",
  "CREATE INDEX marks_example_at ON marks (example_at)",
  "CREATE INDEX marks_example_user_key ON marks (example_user_key)",
];

/** Applied in order, each once; a new version is appended, never edited, once released. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: "exchanges",
    statements: {
      sqlite: [exchangesTable(sqliteId), ...exchangeIndexes],
      postgres: [exchangesTable(postgresId), ...exchangeIndexes],
    },
  },
  {
    version: 2,
    name: "channel, candidates, feedback and marks",
    statements: {
      sqlite: [...exchangeColumns, feedbackTable(sqliteId), marksTable(sqliteId), scoresTable, ...operatorIndexes],
      postgres: [...exchangeColumns, feedbackTable(postgresId), marksTable(postgresId), scoresTable, ...operatorIndexes],
    },
  },
];

// Any fixed number: processes starting together take turns instead of racing to create tables.
const POSTGRES_MIGRATION_LOCK = 7_311_011;

/** Brings the schema up to the latest version; returns the versions it applied. */
export async function migrate(db: SqlDatabase): Promise<number[]> {
  return db.transaction(async (tx) => {
    if (tx.dialect === "postgres") await tx.execute("SELECT pg_advisory_xact_lock(?)", [POSTGRES_MIGRATION_LOCK]);
    await tx.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    const applied = new Set((await tx.query<{ version: number }>("SELECT version FROM schema_migrations")).map((r) => Number(r.version)));
    const newer = Math.max(0, ...applied) > Math.max(...migrations.map((m) => m.version));
    if (newer) throw new Error(`question log schema is newer than this version of the bot (versions ${[...applied].join(", ")})`);
    const pending = migrations.filter((m) => !applied.has(m.version));
    for (const migration of pending) {
      for (const statement of migration.statements[tx.dialect]) await tx.execute(statement);
      await tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [migration.version, migration.name, Date.now()]);
    }
    return pending.map((m) => m.version);
  });
}
