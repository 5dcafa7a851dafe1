import type { Logger } from "../log.ts";
import { migrate } from "./migrations.ts";
import { openPostgresDatabase } from "./postgres-database.ts";
import type { SqlDatabase } from "./sql.ts";
import { openSqliteDatabase } from "./sqlite-database.ts";

export interface StoreLocation {
  /** postgres://… when set; otherwise the SQLite file. */
  databaseUrl: string | null;
  sqlitePath: string;
}

export function describeStore({ databaseUrl, sqlitePath }: StoreLocation): string {
  if (!databaseUrl) return `SQLite ${sqlitePath}`;
  const url = new URL(databaseUrl);
  // Never the user or password.
  return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
}

/** Opens the database without touching the schema. A SQLite file that cannot be opened throws here. */
export function connect(location: StoreLocation): SqlDatabase {
  return location.databaseUrl ? openPostgresDatabase(location.databaseUrl) : openSqliteDatabase(location.sqlitePath);
}

/** Opens the database and brings its schema up to date (the operators' commands). */
export async function openDatabase(location: StoreLocation): Promise<SqlDatabase> {
  const db = connect(location);
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return db;
}

export interface Schema {
  readonly ready: boolean;
  /** Resolves once migrated; never rejects. */
  readonly whenReady: Promise<void>;
  stop(): void;
}

/** Migrates at start-up and, while the database is unreachable, keeps trying (logging each failed try) without stopping the bot. */
export function migrateWhenReachable(db: SqlDatabase, logger: Logger, retryMs: number): Schema {
  let ready = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const whenReady = new Promise<void>((resolve) => {
    const attempt = () => {
      migrate(db).then(
        (applied) => {
          ready = true;
          if (applied.length > 0) logger.info({ versions: applied }, "question log: schema migrated");
          resolve();
        },
        (err: unknown) => {
          logger.warn({ err: (err as Error).message, retryInMs: retryMs }, "question log: database not ready; nothing is lost, rows wait in memory");
          if (stopped) return;
          timer = setTimeout(attempt, retryMs);
          timer.unref();
        },
      );
    };
    attempt();
  });
  return {
    get ready() {
      return ready;
    },
    whenReady,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
