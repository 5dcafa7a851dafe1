// `npm run report [-- --since 2026-11-01 --until 2026-11-30 --format table|csv|json] [--without-simulator]`: the
// question log's figures for operators, from the same database the bot writes (SQLite file or DATABASE_URL).
// `--examples` prints the marked questions as catalog examples; `--labelled` as a labelled question set (JSONL).
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { CatalogError, loadCatalog } from "../catalog/load.ts";
import type { Catalog } from "../catalog/schema.ts";
import { ConfigError, loadStoreLocation } from "../config.ts";
import { japanZone } from "../hours/holidays.ts";
import { exampleSnippets, labelledQuestions, loadMarks, type Mark, toJsonl } from "./marks.ts";
import { namesOf } from "./names.ts";
import { openDatabase } from "./open-database.ts";
import { loadReport } from "./report.ts";
import { toCsv, toJson, toTable } from "./report-format.ts";
import { parseRange, ReportRangeError } from "./report-range.ts";

const usage = `使い方: npm run report -- [--since 2026-11-01] [--until 2026-11-30] [--format table|csv|json] [--without-simulator]
        npm run report -- --examples     印を付けた質問を、カタログの例文（ファイルごとの YAML）として出力
        npm run report -- --labelled     印を付けた質問を、ラベル付き質問集（JSONL）として出力（npm run measure で採点）

  質問ログの集計（日本時間）を出力します。既定は今日までの 30 日間、表形式です。
  --without-simulator でシミュレーターでの質問を除きます。
  保存先は ANALYTICS_DB（SQLite のファイル）または DATABASE_URL（PostgreSQL）です。`;

const formats = ["table", "csv", "json"] as const;

/** The snippets as YAML a person pastes: each file named in a comment, then what goes under its `examples:`. */
function examplesText(marks: Mark[], catalog: Catalog): string {
  const { snippets, alreadyInCatalog, needsContent } = exampleSnippets(marks, catalog);
  const blocks = snippets.map((s) => `# ${s.file}（examples: に追加, ${s.count} 件）\n${s.yaml}`);
  if (alreadyInCatalog > 0) blocks.push(`# すでにカタログにある例文 ${alreadyInCatalog} 件は除いています。\n`);
  if (needsContent.length > 0) blocks.push(`# 新しい内容が必要（カタログに答えがありません）:\n${needsContent.map((m) => `#   ${m.exampleText.replace(/\s+/g, " ")}`).join("\n")}\n`);
  return blocks.length > 0 ? blocks.join("\n") : "# 印を付けた質問はありません。/admin の確認キューで印を付けてください。\n";
}

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      since: { type: "string" },
      until: { type: "string" },
      format: { type: "string", default: "table" },
      "without-simulator": { type: "boolean" },
      examples: { type: "boolean" },
      labelled: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const format = formats.find((f) => f === args.format) ?? fail(`--format は ${formats.join(" / ")} のいずれかです (unknown format): ${args.format}`);
if (args.examples && args.labelled) fail("--examples と --labelled は一度にどちらか一方です (choose one)");

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
    if (args.examples || args.labelled) {
      const marks = await loadMarks(db);
      process.stdout.write(args.labelled ? toJsonl(labelledQuestions(marks, catalog)) : examplesText(marks, catalog));
    } else {
      const report = await loadReport(db, range, { withoutSimulator: args["without-simulator"] === true });
      const names = namesOf(catalog);
      process.stdout.write(format === "json" ? toJson(report) : format === "csv" ? toCsv(report, names) : toTable(report, names));
    }
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
