import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import type { SqlDatabase, SqlParam } from "./sql.ts";

// node:sqlite blocks the event loop while it waits for a lock, so the wait is kept short:
// the batch is retried later instead.
const BUSY_TIMEOUT_MS = 100;
const STATEMENT_CACHE_SIZE = 64;

function scalars(params: SqlParam[]): SQLInputValue[] {
  if (params.some(Array.isArray)) throw new TypeError("SQLite takes no array parameters");
  return params as SQLInputValue[];
}

/** SQLite through Node's built-in driver, in WAL mode so reports read while the bot writes. */
export function openSqliteDatabase(file: string): SqlDatabase {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON;`);
  // The few statements the log runs are prepared once; the bound keeps odd ones from piling up.
  const statements = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  // The driver is synchronous, but callers await between statements: one transaction at a time
  // keeps another caller's statements out of it.
  let turn: Promise<unknown> = Promise.resolve();

  const direct: SqlDatabase = {
    dialect: "sqlite",
    query: async <T>(sql: string, params: SqlParam[] = []) => prepared(sql).all(...scalars(params)) as T[],
    execute: async (sql, params = []) => Number(prepared(sql).run(...scalars(params)).changes),
    transaction: (work) => work(direct),
    close: async () => db.close(),
  };

  return {
    ...direct,
    transaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T> {
      const run = turn.then(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const result = await work(direct);
          db.exec("COMMIT");
          return result;
        } catch (err) {
          if (db.isTransaction) db.exec("ROLLBACK");
          throw err;
        }
      });
      turn = run.catch(() => undefined);
      return run;
    },
    async close() {
      await turn;
      db.close();
    },
  };
}
