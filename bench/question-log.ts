// Section 8 of `npm run bench:http` (alone: `npm run bench:http -- --question-log`): the bot with
// the question log off, on SQLite and on PostgreSQL (the real server on 127.0.0.1:5432, a fresh
// schema), taken in alternating turns like the rest; then rows written against events answered.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { DateTime } from "luxon";
import pg from "pg";
import { openDatabase, type StoreLocation } from "../src/analytics/open-database.ts";
import { createQuestionLog } from "../src/analytics/question-log.ts";
import type { BotReply } from "../src/bot/types.ts";
import { createLogger } from "../src/log.ts";
import { textMessageEvent } from "../test/support/webhook.ts";
import { type Load, percentile, sleep, startTarget, type Target, turn } from "./harness.ts";

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ANALYTICS_SECRET = "bench-question-log-secret-5a8e2c7f9b1d4e6a";
const TURN_SECONDS = 1;
const CONNECTIONS = 10;
const ROUNDS = 5;
const BOT_APPLICATION = "bench-question-log";
const ROW_COST_APPLICATION = "bench-question-log-rows";
const ROW_COST_CHUNK = 500;
const ROW_COST_CHUNKS = 40;
const TARGET_RATIO = 0.9;

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const row = (label: string, ...cells: string[]) => console.log(`  ${label.padEnd(46)}${cells.map((c) => c.padStart(12)).join("")}`);
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");

/** CPU seconds (user + system) a process has used, from /proc (ticks of 1/100 s); 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU of the PostgreSQL server processes serving one application's connections (same machine). */
async function serverCpu(admin: pg.Client, application: string): Promise<Map<number, number>> {
  const backends = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [application]);
  return new Map(backends.rows.map(({ pid }) => [pid, cpuSeconds(pid)]));
}

const spent = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((total, [pid, s]) => total + s - (before.get(pid) ?? 0), 0);

/**
 * The log's own cost per row, in this process: shaping (HMAC, masking), queueing and batched
 * writes, plus the PostgreSQL server's work. Many rows in a tight loop: a steadier figure than the
 * difference between two throughputs on shared cores.
 */
async function rowCostMicros(location: StoreLocation, admin: pg.Client): Promise<number> {
  const db = await openDatabase(location);
  const log = createQuestionLog({ db, secret: ANALYTICS_SECRET, retentionDays: 180, logger: createLogger("silent") });
  // An answered typed question as the bot records it: the engine's top three, its words, and the text held for feedback.
  const answered: BotReply = {
    messages: [],
    reason: "bench",
    record: {
      decision: "resource",
      resourceIds: ["telework-manager", "tokyo-center"],
      candidates: [
        { resourceId: "telework-manager", score: 6.2 },
        { resourceId: "tokyo-center", score: 2.1 },
        { resourceId: "tw-sodan", score: 1.4 },
      ],
      words: ["助成", "金"],
      questionText: "助成金",
    },
  };
  // One in five unanswered, with text to mask: more than real traffic, so the figure errs high.
  const unanswered: BotReply = { messages: [], reason: "bench", record: { decision: "notFound", resourceIds: [], unansweredText: "駐車場はありますか。03-1234-5678 まで" } };
  // Made beforehand: building test events is not the log's cost.
  const events = Array.from({ length: ROW_COST_CHUNK }, () => textMessageEvent("助成金"));
  const at = DateTime.now();
  const chunk = async () => {
    for (const [i, event] of events.entries()) log.record(event, i % 5 === 0 ? unanswered : answered, at, 3);
    await log.flush(60_000);
  };
  await chunk();
  const serverBefore = await serverCpu(admin, ROW_COST_APPLICATION);
  const before = process.cpuUsage();
  for (let i = 0; i < ROW_COST_CHUNKS; i++) await chunk();
  const used = process.cpuUsage(before);
  const server = spent(serverBefore, await serverCpu(admin, ROW_COST_APPLICATION));
  await log.close(5000);
  return (used.user + used.system + server * 1e6) / (ROW_COST_CHUNK * ROW_COST_CHUNKS);
}

async function stop(target: Target): Promise<void> {
  const exited = new Promise((resolve) => target.child.once("exit", resolve));
  target.child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
}

/** From the bot's own log: events it answered, and its account of the question log at shutdown. */
function account(target: Target): { answered: number; written: number; dropped: number; pending: number } {
  const lines = readFileSync(target.logPath, "utf8").split("\n");
  const answered = lines.filter((l) => l.includes('"msg":"event handled"')).length;
  const closed = lines.find((l) => l.includes('"msg":"question log closed"'));
  const stats = closed ? (JSON.parse(closed) as { written: number; dropped: number; pending: number }) : { written: 0, dropped: 0, pending: 0 };
  return { answered, ...stats };
}

interface Measured {
  repliesPerSecond: number;
  cpuPerReply: number;
}

export async function benchQuestionLog(lineApiUrl: string, logDir: string, section: string): Promise<void> {
  const schema = `bench_question_log_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const postgresUrl = (application: string) => {
    const url = new URL(POSTGRES_URL);
    url.searchParams.set("options", `-c search_path=${schema}`);
    url.searchParams.set("application_name", application);
    return url.toString();
  };
  const sqlitePath = path.join(logDir, "analytics.sqlite");
  try {
    const common = { SIMULATOR: "off", LOG_LEVEL: "info" };
    const targets = [
      await startTarget("log off", "src/main.ts", lineApiUrl, logDir, common),
      await startTarget("log SQLite", "src/main.ts", lineApiUrl, logDir, { ...common, ANALYTICS_SECRET, ANALYTICS_DB: sqlitePath }),
      await startTarget("log PostgreSQL", "src/main.ts", lineApiUrl, logDir, { ...common, ANALYTICS_SECRET, DATABASE_URL: postgresUrl(BOT_APPLICATION) }),
    ];
    console.log(`\n${section}. Question log: the bot with it off, on SQLite and on PostgreSQL (fixed concurrency, ${ROUNDS} rounds of ${TURN_SECONDS} s per target, alternating)`);
    const results = new Map<Load, Measured[]>();
    const serverShare = new Map<Load, number>();
    for (const load of ["repeated", "distinct"] as Load[]) {
      for (const target of targets) await turn(target, { load, seconds: TURN_SECONDS, connections: CONNECTIONS });
      const turns: { repliesPerSecond: number; cpuPerReply: number }[][] = targets.map(() => []);
      const serverBefore = await serverCpu(admin, BOT_APPLICATION);
      let postgresReplies = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, target] of targets.entries()) {
          const t = await turn(target, { load, seconds: TURN_SECONDS, connections: CONNECTIONS });
          turns[i]?.push(t);
          if (i === 2) postgresReplies += t.repliesPerSecond * t.seconds;
        }
      }
      // The PostgreSQL server's share, spread over the replies of that bot.
      const serverPerReply = (1e6 * spent(serverBefore, await serverCpu(admin, BOT_APPLICATION))) / Math.max(1, postgresReplies);
      serverShare.set(load, serverPerReply);
      results.set(
        load,
        turns.map((ts, i) => ({ repliesPerSecond: median(ts.map((t) => t.repliesPerSecond)), cpuPerReply: median(ts.map((t) => t.cpuPerReply)) + (i === 2 ? serverPerReply : 0) })),
      );
    }

    row("", "log off", "SQLite", "PostgreSQL");
    for (const [load, measured] of results) {
      row(`replies/s, ${load}`, ...measured.map((m) => fixed(m.repliesPerSecond, 0)));
      row(`CPU per reply (µs), ${load} (PG: + server)`, ...measured.map((m) => fixed(m.cpuPerReply, 0)));
      row(`  of which the PostgreSQL server`, "", "", fixed(serverShare.get(load) ?? Number.NaN, 0));
    }
    // SIGTERM writes out what is still queued; then the rows are counted in each database.
    for (const target of targets) await stop(target);
    const sqlite = new DatabaseSync(sqlitePath, { readOnly: true });
    const sqliteRows = Number((sqlite.prepare("SELECT COUNT(*) AS n FROM exchanges").get() as { n: number }).n);
    sqlite.close();
    const postgresRows = Number((await admin.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema}.exchanges`)).rows[0]?.n ?? 0);

    // After counting: the PostgreSQL rows of this measure go to the same schema.
    const rowCosts = [
      await rowCostMicros({ databaseUrl: null, sqlitePath: path.join(logDir, "row-cost.sqlite") }, admin),
      await rowCostMicros({ databaseUrl: postgresUrl(ROW_COST_APPLICATION), sqlitePath: "" }, admin),
    ];
    row("question log's CPU per row (µs), in isolation", "", ...rowCosts.map((c) => fixed(c, 1)));

    console.log(`\n${section}b. Question log against the targets`);
    for (const [index, rows] of [
      [1, sqliteRows],
      [2, postgresRows],
    ] as const) {
      const name = targets[index]?.name ?? "";
      for (const [load, measured] of results) {
        const off = measured[0];
        const on = measured[index];
        if (!off || !on) continue;
        const throughput = on.repliesPerSecond / off.repliesPerSecond;
        const cpu = off.cpuPerReply / on.cpuPerReply;
        const isolated = off.cpuPerReply / (off.cpuPerReply + (rowCosts[index - 1] ?? Number.NaN));
        row(`${name}, ${load}: throughput on/off ≥ ${TARGET_RATIO}`, fixed(throughput, 2), verdict(throughput >= TARGET_RATIO), "(rates)");
        row(`${name}, ${load}: CPU per reply off/on ≥ ${TARGET_RATIO}`, fixed(cpu, 2), verdict(cpu >= TARGET_RATIO), "(own core)");
        row(`${name}, ${load}: reply / (reply + row)`, fixed(isolated, 2), verdict(isolated >= TARGET_RATIO), "(row cost)");
      }
      const { answered, dropped, pending } = account(targets[index] as Target);
      row(`${name}: rows written = events answered`, `${rows} / ${answered}`, `dropped ${dropped}`, verdict(rows + dropped === answered && pending === 0));
    }
    console.log("  (rates swing with whatever else the shared cores run; CPU per reply does not, and the row cost is measured alone in this process)");
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}
