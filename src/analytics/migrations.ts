import type { Dialect, SqlDatabase } from "./sql.ts";

interface Migration {
  version: number;
  name: string;
  /** Statements per dialect; they differ only where the two databases spell a type differently. */
  statements: Record<Dialect, string[]>;
}

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

/** Applied in order, each once; a new version is appended, never edited, once released. */
export const migrations: Migration[] = [
  {
    version: 1,
    name: "exchanges",
    statements: {
      sqlite: [exchangesTable("INTEGER PRIMARY KEY AUTOINCREMENT"), ...exchangeIndexes],
      postgres: [exchangesTable("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"), ...exchangeIndexes],
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
