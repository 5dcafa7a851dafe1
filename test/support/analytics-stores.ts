import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { StoreLocation } from "../../src/analytics/open-database.ts";

/** The PostgreSQL server this project's machines and CI run (trust auth on loopback). */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestStore {
  name: "sqlite" | "postgres";
  location: StoreLocation;
  /** Removes the temporary file or schema. */
  dispose(): Promise<void>;
}

/** A fresh, empty SQLite file in a temporary folder. */
export function sqliteStore(): TestStore {
  const dir = mkdtempSync(path.join(tmpdir(), "question-log-"));
  return {
    name: "sqlite",
    location: { databaseUrl: null, sqlitePath: path.join(dir, "analytics.sqlite") },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh schema on the real server; the connection string puts it first on the search path. */
export async function postgresStore(): Promise<TestStore> {
  const schema = `question_log_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    name: "postgres",
    location: { databaseUrl: url.toString(), sqlitePath: "" },
    async dispose() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

export const stores = [
  ["sqlite", async () => sqliteStore()],
  ["postgres", postgresStore],
] as const;
