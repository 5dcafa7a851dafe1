import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";
import type { Report } from "./report.ts";

/** Display names for ids (from the catalog); an id without a name is shown as is. */
export interface Names {
  /** The bot's name, from the catalog's voice. */
  bot: string;
  resources: Map<string, string>;
  categories: Map<string, string>;
}

const weekdays = ["月", "火", "水", "木", "金", "土", "日"];
const decisionLabels: Record<string, string> = {
  resource: "窓口・制度を案内",
  category: "分野の一覧",
  openNow: "受付中か",
  greeting: "あいさつ・使い方",
  referral: "他の窓口へ案内",
  notFound: "見つからない",
  refused: "対象外",
  welcome: "友だち追加",
  join: "グループ参加",
  nonText: "スタンプ・画像など",
  feedback: "解決した・しないの回答",
};

export const weekdayLabel = (weekday: number): string => weekdays[weekday - 1] ?? String(weekday);
export const decisionLabel = (decision: string): string => decisionLabels[decision] ?? decision;
export const percent = (rate: number | null): string => (rate === null ? "–" : `${(rate * 100).toFixed(1)}%`);

export function toJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

type CsvRow = [section: string, key: string, total: number | string, detail: string];

// A spreadsheet runs a cell starting with = + - @ as a formula; user text must stay text.
const inert = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** One table with a section column, so the whole report opens as one sheet. */
export function toCsv(report: Report, names: Names): string {
  const rows: CsvRow[] = [
    ["summary", "total", report.total, ""],
    ["summary", "answered", report.answered, ""],
    ["summary", "unanswered", report.unanswered, ""],
    ["summary", "answer_rate", report.answerRate === null ? "" : report.answerRate.toFixed(4), ""],
    ["summary", "simulator", report.simulator, report.withoutSimulator ? "excluded" : "included"],
    ["summary", "feedback_resolved", report.feedback.resolved, ""],
    ["summary", "feedback_unresolved", report.feedback.unresolved, ""],
    ...report.perDay.map((d): CsvRow => ["per_day", d.day, d.total, `answered=${d.answered} unanswered=${d.unanswered}`]),
    ...report.perHour.map((h): CsvRow => ["per_hour_jst", String(h.hour), h.total, ""]),
    ...report.heatMap.map((c): CsvRow => ["weekday_hour_jst", `${c.weekday}-${c.hour}`, c.total, `${weekdayLabel(c.weekday)} ${c.hour}時`]),
    ...report.decisions.map((d): CsvRow => ["decision", d.decision, d.total, decisionLabel(d.decision)]),
    ...report.topResources.map((r): CsvRow => ["resource", r.resourceId, r.total, names.resources.get(r.resourceId) ?? ""]),
    ...report.topCategories.map((c): CsvRow => ["category", c.categoryId, c.total, names.categories.get(c.categoryId) ?? ""]),
    ...report.openNowPerHour.map((h): CsvRow => ["open_now_per_hour_jst", String(h.hour), h.total, ""]),
    // The key column shows the example people can read; the grouping key (folded words) means nothing to them.
    ...report.topUnanswered.map((u): CsvRow => ["unanswered", u.example, u.total, ""]),
  ];
  return stringify([["section", "key", "total", "detail"], ...rows.map(([s, k, t, d]) => [s, inert(k), t, inert(d)])]);
}

function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  t.push(...rows.map((r) => r.map(String)));
  return t.toString();
}

/** For a terminal: one small table per figure. */
export function toTable(report: Report, names: Names): string {
  const { range } = report;
  const simulator = report.withoutSimulator ? "除外" : report.simulator;
  const sections = [
    `質問ログ ${range.since} 〜 ${range.until}（日本時間）${report.withoutSimulator ? "・シミュレーターを除く" : ""}`,
    table(
      ["件数", "うちシミュレーター", "回答できた質問", "回答できなかった質問", "回答率", "解決した", "解決しない"],
      [[report.total, simulator, report.answered, report.unanswered, percent(report.answerRate), report.feedback.resolved, report.feedback.unresolved]],
    ),
    "\n日別",
    table(["日付", "件数", "回答", "未回答"], report.perDay.map((d) => [d.day, d.total, d.answered, d.unanswered])),
    "\n時間帯別",
    table(["時", "件数"], report.perHour.map((h) => [h.hour, h.total])),
    "\n判定",
    table(["判定", "件数"], report.decisions.map((d) => [decisionLabel(d.decision), d.total])),
    "\nよく案内した窓口・制度",
    table(["id", "名前", "件数"], report.topResources.map((r) => [r.resourceId, names.resources.get(r.resourceId) ?? "", r.total])),
    "\nよく見られた分野",
    table(["id", "名前", "件数"], report.topCategories.map((c) => [c.categoryId, names.categories.get(c.categoryId) ?? "", c.total])),
    "\n「今つながる？」の時間帯",
    table(["時", "件数"], report.openNowPerHour.map((h) => [h.hour, h.total])),
    "\n回答できなかった質問（多い順）",
    table(["件数", "例"], report.topUnanswered.map((u) => [u.total, u.example])),
  ];
  return `${sections.join("\n")}\n`;
}
