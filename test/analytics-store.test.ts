// The same suite against the real SQLite (a temporary file) and the real PostgreSQL (a fresh schema).
import { DatabaseSync } from "node:sqlite";
import type { webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countExchanges } from "../src/analytics/exchange-store.ts";
import { migrate, migrations } from "../src/analytics/migrations.ts";
import { connect, openDatabase } from "../src/analytics/open-database.ts";
import { createQuestionLog, type QuestionLog } from "../src/analytics/question-log.ts";
import { loadReport } from "../src/analytics/report.ts";
import type { SqlDatabase } from "../src/analytics/sql.ts";
import type { ReplyRecord } from "../src/bot/types.ts";
import { stores, type TestStore } from "./support/analytics-stores.ts";
import { capturingLogger } from "./support/log-capture.ts";
import { textMessageEvent, userId } from "./support/webhook.ts";

const SECRET = "question-log-test-secret-0123456789abcdef";
const FAST = { flushDelayMs: 5, retryDelayMs: 20, logIntervalMs: 60 * 60 * 1000 };
const jst = (iso: string) => DateTime.fromISO(iso, { zone: "Asia/Tokyo" });

const reply = (record: ReplyRecord) => ({ messages: [], reason: "test", record });

describe.each(stores)("question log on %s", (_name, makeStore) => {
  let store: TestStore;
  let db: SqlDatabase;
  let log: QuestionLog | undefined;

  beforeEach(async () => {
    store = await makeStore();
    db = await openDatabase(store.location);
  });
  afterEach(async () => {
    if (log) await log.close(1000);
    else await db.close();
    log = undefined;
    await store.dispose();
  });

  const open = (options: Partial<Parameters<typeof createQuestionLog>[0]> = {}) => {
    log = createQuestionLog({ db, secret: SECRET, retentionDays: 180, logger: capturingLogger().logger, queue: FAST, ...options });
    return log;
  };
  const ask = (text: string, record: ReplyRecord, at: DateTime, user = userId()): webhook.Event => {
    const event = textMessageEvent(text, { source: { type: "user", userId: user } });
    log?.record(event, reply(record), at, 3);
    return event;
  };

  it("creates the schema once: a second start applies nothing", async () => {
    expect(await migrate(db)).toEqual([]);
    const versions = await db.query<{ version: number }>("SELECT version FROM schema_migrations");
    expect(versions.map((v) => Number(v.version)).sort()).toEqual([1, 2]);
  });

  it("brings a version-1 log up to date without losing its rows, which count as LINE's", async () => {
    const old = await freshDatabaseAtVersion1(store);
    try {
      await old.execute(
        "INSERT INTO exchanges (occurred_at, jst_day, jst_hour, jst_weekday, user_key, chat_type, event_type, decision, outcome, resource_ids, latency_ms, unanswered_text, unanswered_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [jst("2026-11-02T09:00").toMillis(), "2026-11-02", 9, 1, "k", "user", "message", "notFound", "unanswered", "", 2, "駐車場", "駐車場"],
      );
      expect(await migrate(old)).toEqual([2]);
      const report = await loadReport(old, { since: "2026-11-02", until: "2026-11-02" }, { withoutSimulator: true });
      expect(report).toMatchObject({ total: 1, unanswered: 1, topUnanswered: [{ total: 1, example: "駐車場" }] });
    } finally {
      await old.close();
    }
  });

  it("reports what was asked, per Japan-time day and hour, with the answer rate and the unanswered questions", async () => {
    open();
    ask("助成金", { decision: "resource", resourceIds: ["subsidy", "other"] }, jst("2026-11-02T09:10"));
    ask("助成金ある？", { decision: "resource", resourceIds: ["subsidy"] }, jst("2026-11-02T09:40"));
    ask("相談", { decision: "category", resourceIds: [], categoryId: "consult" }, jst("2026-11-02T10:00"));
    ask("今電話つながる？", { decision: "openNow", resourceIds: ["center"] }, jst("2026-11-03T10:05"));
    ask("ランチのおすすめ", { decision: "refused", resourceIds: [], unansweredText: "ランチのおすすめ" }, jst("2026-11-03T12:00"));
    ask("ＶＰＮの設定を 03-1234-5678 に聞きたい", { decision: "notFound", resourceIds: [], unansweredText: "ＶＰＮの設定を 03-1234-5678 に聞きたい" }, jst("2026-11-03T13:00"));
    ask("vpnの設定を 090-0000-1111 に聞きたい", { decision: "notFound", resourceIds: [], unansweredText: "vpnの設定を 090-0000-1111 に聞きたい" }, jst("2026-11-04T13:00"));
    ask("こんにちは", { decision: "greeting", resourceIds: [] }, jst("2026-11-04T00:30"));
    // Outside the range: the day before (Japan time), although it is 1 November in UTC too.
    ask("助成金", { decision: "resource", resourceIds: ["subsidy"] }, jst("2026-11-01T23:59"));
    expect(await log?.flush(5000)).toBe(true);

    const report = await loadReport(db, { since: "2026-11-02", until: "2026-11-04" });
    expect(report).toMatchObject({ total: 8, answered: 4, unanswered: 3 });
    expect(report.answerRate).toBeCloseTo(4 / 7);
    expect(report.perDay).toEqual([
      { day: "2026-11-02", total: 3, answered: 3, unanswered: 0 },
      { day: "2026-11-03", total: 3, answered: 1, unanswered: 2 },
      { day: "2026-11-04", total: 2, answered: 0, unanswered: 1 },
    ]);
    expect(report.perHour).toContainEqual({ hour: 9, total: 2 });
    expect(report.heatMap).toContainEqual({ weekday: 1, hour: 9, total: 2 });
    expect(report.topResources).toEqual([
      { resourceId: "subsidy", total: 2 },
      { resourceId: "center", total: 1 },
    ]);
    expect(report.topCategories).toEqual([{ categoryId: "consult", total: 1 }]);
    expect(report.openNowPerHour).toEqual([{ hour: 10, total: 1 }]);
    expect(report.topUnanswered[0]).toMatchObject({ total: 2, example: "vpnの設定を 〔電話番号〕 に聞きたい" });
    expect(report.topUnanswered[1]).toMatchObject({ total: 1, example: "ランチのおすすめ" });
  });

  it("stores any text exactly as given, quotes, braces, backslashes and the word NULL included", async () => {
    open();
    const texts = ['say "hi", {ok}', "back\\slash NULL", "NULL", "改行\nと\tタブ", "絵文字🙂"];
    for (const text of texts) ask(text, { decision: "notFound", resourceIds: [], unansweredText: text }, jst("2026-11-02T09:00"));
    await log?.flush(5000);
    const stored = await db.query<{ unanswered_text: string }>("SELECT unanswered_text FROM exchanges ORDER BY id");
    expect(stored.map((r) => r.unanswered_text)).toEqual(texts);
  });

  it("deletes rows older than the retention period, and only those", async () => {
    const now = jst("2026-11-30T12:00");
    open({ nowMs: () => now.toMillis(), retentionDays: 180 });
    ask("古い", { decision: "greeting", resourceIds: [] }, now.minus({ days: 181 }));
    ask("新しい", { decision: "greeting", resourceIds: [] }, now.minus({ days: 179 }));
    await log?.flush(5000);
    expect(await log?.applyRetention()).toBe(1);
    expect(await countExchanges(db)).toBe(1);
  });

  it("deletes everything stored for one LINE user id on request", async () => {
    open();
    const asker = userId();
    ask("こんにちは", { decision: "greeting", resourceIds: [] }, jst("2026-11-02T09:00"), asker);
    ask("連絡先は a@example.jp", { decision: "notFound", resourceIds: [], unansweredText: "連絡先は a@example.jp" }, jst("2026-11-02T09:01"), asker);
    ask("こんにちは", { decision: "greeting", resourceIds: [] }, jst("2026-11-02T09:02"));
    await log?.flush(5000);
    expect(await log?.forgetUser(asker)).toBe(2);
    expect(await countExchanges(db)).toBe(1);
  });

  it("drops rows beyond the queue's capacity and counts them", async () => {
    const { logger, messages } = capturingLogger();
    open({ logger, queue: { ...FAST, capacity: 3, flushDelayMs: 60_000 } });
    for (let i = 0; i < 5; i++) ask("こんにちは", { decision: "greeting", resourceIds: [] }, jst("2026-11-02T09:00"));
    expect(log?.stats()).toEqual({ written: 0, dropped: 2, pending: 3 });
    await log?.flush(5000);
    expect(log?.stats()).toEqual({ written: 3, dropped: 2, pending: 0 });
    expect(await countExchanges(db)).toBe(3);
    expect(messages().filter((m) => m.includes("queue full"))).toHaveLength(1);
  });

  it("keeps rows while the table is locked, logs once, and writes them when the lock is gone", async () => {
    const { logger, messages } = capturingLogger();
    const release = await lockExchanges(store);
    try {
      open({ logger });
      for (let i = 0; i < 3; i++) ask("こんにちは", { decision: "greeting", resourceIds: [] }, jst("2026-11-02T09:00"));
      await expect.poll(() => messages().filter((m) => m.includes("write failed")).length, { timeout: 10_000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(log?.stats().pending).toBe(3);
    } finally {
      await release();
    }
    await expect.poll(() => log?.stats().written, { timeout: 10_000 }).toBe(3);
    expect(await countExchanges(db)).toBe(3);
    expect(messages().filter((m) => m.includes("write failed"))).toHaveLength(1);
    expect(messages()).toContain("question log: database writes work again");
  });
});

/** A database with only the first migration applied, as a bot released before version 2 left it. */
async function freshDatabaseAtVersion1(store: TestStore): Promise<SqlDatabase> {
  const db = connect(store.location);
  await db.execute("DROP TABLE IF EXISTS mark_scores");
  await db.execute("DROP TABLE IF EXISTS marks");
  await db.execute("DROP TABLE IF EXISTS feedback");
  await db.execute("DROP TABLE IF EXISTS exchanges");
  await db.execute("DROP TABLE IF EXISTS schema_migrations");
  await db.transaction(async (tx) => {
    await tx.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    for (const statement of migrations[0]?.statements[tx.dialect] ?? []) await tx.execute(statement);
    await tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'exchanges', 0)");
  });
  return db;
}

/** Another connection holds the exchanges table until the returned function is called. */
async function lockExchanges(store: TestStore): Promise<() => Promise<void>> {
  if (store.name === "sqlite") {
    const other = new DatabaseSync(store.location.sqlitePath);
    other.exec("BEGIN EXCLUSIVE");
    return async () => {
      other.exec("COMMIT");
      other.close();
    };
  }
  const other = new pg.Client({ connectionString: store.location.databaseUrl ?? "" });
  await other.connect();
  await other.query("BEGIN");
  await other.query("LOCK TABLE exchanges IN ACCESS EXCLUSIVE MODE");
  return async () => {
    await other.query("COMMIT");
    await other.end();
  };
}

describe("question log on an unreachable PostgreSQL", () => {
  it("keeps rows in memory, logs once per interval, and never throws", async () => {
    const { logger, messages } = capturingLogger();
    const db = connect({ databaseUrl: "postgres://postgres@127.0.0.1:1/test", sqlitePath: "" });
    const log = createQuestionLog({ db, secret: SECRET, retentionDays: 180, logger, queue: FAST });
    for (let i = 0; i < 4; i++) log.record(textMessageEvent("こんにちは"), reply({ decision: "greeting", resourceIds: [] }), jst("2026-11-02T09:00"), 1);
    await expect.poll(() => messages().filter((m) => m.includes("write failed")).length, { timeout: 10_000 }).toBe(1);
    const stats = await log.close(200);
    expect(stats).toEqual({ written: 0, dropped: 0, pending: 4 });
    expect(messages().filter((m) => m.includes("write failed"))).toHaveLength(1);
  });
});
