export type Dialect = "sqlite" | "postgres";
export type SqlValue = string | number | null;
/** A statement's parameter: arrays are for PostgreSQL (one per column of a batch). */
export type SqlParam = SqlValue | SqlValue[];

/**
 * The little the question log needs from a database, so that one set of statements (with `?`
 * placeholders) runs on SQLite and PostgreSQL alike.
 */
export interface SqlDatabase {
  readonly dialect: Dialect;
  query<T>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Resolves to the number of rows changed. */
  execute(sql: string, params?: SqlParam[]): Promise<number>;
  /** Runs `work` in one write transaction: all of it is committed, or none. */
  transaction<T>(work: (tx: SqlDatabase) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
