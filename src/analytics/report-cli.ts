// `npm run report [-- --since 2026-11-01 --until 2026-11-30 --format table|csv|json]`: the question
// log's figures for operators, from the same database the bot writes (SQLite file or DATABASE_URL).
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { CatalogError, loadCatalog } from "../catalog/load.ts";
import { ConfigError, loadStoreLocation } from "../config.ts";
import { japanZone } from "../hours/holidays.ts";
import { namesOf } from "./names.ts";
import { openDatabase } from "./open-database.ts";
import { loadReport } from "./report.ts";
import { toCsv, toJson, toTable } from "./report-format.ts";
import { parseRange, ReportRangeError } from "./report-range.ts";

const usage = `使い方: npm run report -- [--since 2026-11-01] [--until 2026-11-30] [--format table|csv|json]

  質問ログの集計（日本時間）を出力します。既定は今日までの 30 日間、表形式です。
  保存先は ANALYTICS_DB（SQLite のファイル）または DATABASE_URL（PostgreSQL）です。`;

const formats = ["table", "csv", "json"] as const;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: { since: { type: "string" }, until: { type: "string" }, format: { type: "string", default: "table" }, help: { type: "boolean", short: "h" } },
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const format = formats.find((f) => f === args.format) ?? fail(`--format は ${formats.join(" / ")} のいずれかです (unknown format): ${args.format}`);

try {
  const range = parseRange({ since: args.since, until: args.until }, DateTime.now().setZone(japanZone));
  const location = loadStoreLocation(process.env);
  // Opening a missing file would create an empty log and report zeros for a mistyped path.
  if (!location.databaseUrl && !existsSync(location.sqlitePath)) {
    console.error(`ANALYTICS_DB: 質問ログのファイルがありません (no question log at ${location.sqlitePath})。ボットと同じ環境変数で実行してください。`);
    process.exit(1);
  }
  const catalog = loadCatalog(process.env.DATA_DIR || path.resolve(import.meta.dirname, "../../data"));
  const db = await openDatabase(location);
  try {
    const report = await loadReport(db, range);
    const names = namesOf(catalog);
    process.stdout.write(format === "json" ? toJson(report) : format === "csv" ? toCsv(report, names) : toTable(report, names));
  } finally {
    await db.close();
  }
} catch (err) {
  if (err instanceof ReportRangeError) fail(err.message);
  if (err instanceof ConfigError || err instanceof CatalogError) {
    console.error(err.message);
    process.exit(1);
  }
  console.error(`質問ログを読めませんでした (could not read the question log): ${(err as Error).message}`);
  process.exit(1);
}
