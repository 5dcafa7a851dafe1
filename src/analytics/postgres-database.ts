import pg from "pg";
import type { SqlDatabase, SqlParam } from "./sql.ts";

// A slow or locked server must not pile up work: statements give up and the batch is retried later.
const STATEMENT_TIMEOUT_MS = 5000;
const LOCK_TIMEOUT_MS = 1000;
const CONNECT_TIMEOUT_MS = 3000;

// COUNT(*) and BIGINT come back as strings by default; the log's numbers all fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/** The statements are written with `?`; PostgreSQL numbers its parameters. */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

type Queryable = pg.Pool | pg.PoolClient;

function over(client: Queryable, transaction: SqlDatabase["transaction"], close: () => Promise<void>): SqlDatabase {
  return {
    dialect: "postgres",
    query: async <T>(sql: string, params: SqlParam[] = []) => (await client.query(numbered(sql), params)).rows as T[],
    execute: async (sql, params = []) => (await client.query(numbered(sql), params)).rowCount ?? 0,
    transaction,
    close,
  };
}

/** PostgreSQL through a small pool; an unreachable server makes calls fail, never the process. */
export function openPostgresDatabase(connectionString: string): SqlDatabase {
  const pool = new pg.Pool({
    connectionString,
    max: 4,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    lock_timeout: LOCK_TIMEOUT_MS,
    idleTimeoutMillis: 10_000,
  });
  // An idle connection the server drops emits on the pool; without a listener that would end the process.
  pool.on("error", () => undefined);

  async function transaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      const result = await work(over(client, transaction, close));
      await client.query("COMMIT");
      return result;
    } catch (err) {
      // A connection that cannot even roll back is broken: the pool must not hand it out again.
      await client.query("ROLLBACK").catch(() => {
        broken = err as Error;
      });
      throw err;
    } finally {
      client.release(broken);
    }
  }
  async function close(): Promise<void> {
    await pool.end();
  }
  return over(pool, transaction, close);
}
