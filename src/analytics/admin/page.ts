import { DateTime } from "luxon";
import { japanZone } from "../../hours/holidays.ts";
import type { ScoreRecord } from "../marks.ts";
import type { Report, ReportOptions, ReportRange } from "../report.ts";
import { decisionLabel, type Names, percent } from "../report-format.ts";
import { type Share, type Summary, percent as sharePercent } from "../../quality/scoring.ts";
import { answerRateChart, barCell, colors, escapeHtml, heatMapTable, volumeChart } from "./charts.ts";
import { layout, type PagePath, pageHeader } from "./layout.ts";

export function loginPage(bot: string, message?: string): string {
  return layout(
    `ログイン | ${bot} 管理画面`,
    `<main class="login"><h1>${escapeHtml(bot)}<br><small>管理画面</small></h1>
<form method="post" action="/admin/login">
<label for="token">管理用トークン</label>
<input id="token" name="token" type="password" autocomplete="current-password" required maxlength="512">
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ""}
<button type="submit">ログイン</button></form></main>`,
  );
}

// The phone screen shows ten; the CSV and the report have the full lists.
const DASHBOARD_TOP = 10;

/** The range and filter as a query string, already escaped for an attribute. */
export const query = (range: ReportRange, options: ReportOptions) =>
  `since=${range.since}&amp;until=${range.until}${options.withoutSimulator ? "&amp;without=simulator" : ""}`;

/** The period and the simulator filter, shared by the dashboard and the queue. */
export function filterForm(action: PagePath, range: ReportRange, options: ReportOptions, extra = ""): string {
  return `<form method="get" action="${action}" class="range">
<label>開始 <input type="date" name="since" value="${range.since}"></label>
<label>終了 <input type="date" name="until" value="${range.until}"></label>
<label class="check"><input type="checkbox" name="without" value="simulator"${options.withoutSimulator ? " checked" : ""}> シミュレーターを除く</label>
<button type="submit">表示</button>
${extra}</form>`;
}

/** What the score on the marked questions shows: this catalog version now, and each version before. */
export interface ScoreView {
  catalogVersion: string;
  current: Summary | null;
  /** Marks in all, counting "needs new content" ones that are not scored. */
  marks: number;
  history: ScoreRecord[];
}

const share = ({ count, of }: Share) => `${count}/${of}（${sharePercent({ count, of })}）`;
const jstDate = (ms: number) => DateTime.fromMillis(ms, { zone: japanZone }).toFormat("yyyy-MM-dd HH:mm");

function scoreSection(score: ScoreView): string {
  const { current } = score;
  if (!current) {
    const none = score.marks === 0 ? "確認キューで印を付けると、その質問にいまのカタログが印どおり答えるかをここに示します。" : "採点できる印がありません（「新しい内容が必要」は採点しません）。";
    return `<section><h2>印を付けた質問への答え</h2><p class="empty">${none}</p></section>`;
  }
  const rows = score.history
    .map(
      (h) =>
        `<tr><td class="label">${escapeHtml(h.catalogVersion)}${h.catalogVersion === score.catalogVersion ? "<small>稼働中</small>" : ""}</td><td>${jstDate(h.scoredAt)}</td><td class="num">${share(h.summary.firstRight)}</td><td class="num">${share(h.summary.topThree)}</td><td class="num">${share(h.summary.wrongRefusals)}</td></tr>`,
    )
    .join("");
  return `<section><h2>印を付けた質問への答え</h2>
<p>稼働中のカタログ（版 ${escapeHtml(score.catalogVersion)}）は、印を付けた ${current.firstRight.of} 問のうち <strong class="score">${current.firstRight.count} 問</strong>に印どおり答えます（${sharePercent(current.firstRight)}）。</p>
<table class="facts"><tbody>
<tr><th scope="row">最初のカードが正しい</th><td>${share(current.firstRight)}</td></tr>
<tr><th scope="row">上位 3 件に正しい答え</th><td>${share(current.topThree)}</td></tr>
<tr><th scope="row">答えるべきなのに答えなかった</th><td>${share(current.wrongRefusals)}</td></tr>
<tr><th scope="row">答えなかったうち、対象外だった</th><td>${share(current.refusalPrecision)}</td></tr>
</tbody></table>
<h3>カタログの版ごとの記録</h3>
<div class="scroll" tabindex="0" role="region" aria-label="カタログの版ごとの記録"><table class="history"><thead><tr><th scope="col">版</th><th scope="col">採点</th><th scope="col">印どおり</th><th scope="col">上位3件</th><th scope="col">誤って答えず</th></tr></thead><tbody>${rows}</tbody></table></div>
<p class="note">カタログの版ごとに、最後に採点した結果です。印を付けた質問を例文として取り込むと上がるため、新しい質問への実力は、別に用意した質問集で測ってください。</p></section>`;
}

function rankTable(rows: { label: string; detail?: string; total: number }[], color: string, empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const max = Math.max(...rows.map((r) => r.total));
  const body = rows
    .map((r) => `<tr><td class="label">${escapeHtml(r.label)}${r.detail ? `<small>${escapeHtml(r.detail)}</small>` : ""}</td><td class="num">${r.total}</td><td class="barcol">${barCell(r.total, max, color)}</td></tr>`)
    .join("");
  return `<table class="rank"><tbody>${body}</tbody></table>`;
}

export function dashboardPage(report: Report, days: string[], names: Names, score: ScoreView): string {
  const { range } = report;
  const options = { withoutSimulator: report.withoutSimulator };
  const questions = report.answered + report.unanswered;
  const simulatorNote = report.withoutSimulator ? "シミュレーターでの質問は除いています。" : `うち ${report.simulator} 件はシミュレーターでの操作です。`;
  return layout(
    `質問ログ | ${names.bot} 管理画面`,
    `${pageHeader("質問ログ", "/admin", `?${query(range, options)}`)}
<main>
${filterForm("/admin", range, options, `<a href="/admin/report.csv?${query(range, options)}" download>CSV をダウンロード</a>`)}
<p class="note">${range.since} 〜 ${range.until}（日本時間）。${simulatorNote}利用者は仮名のキーで記録し、回答できなかった質問（「解決しない」とされたものを含む）だけ本文を（電話番号などを伏せて）保存しています。</p>
<section class="figures">
<div><span class="big">${report.total}</span>件のやりとり</div>
<div><span class="big">${questions}</span>件の質問</div>
<div><span class="big">${percent(report.answerRate)}</span>回答率</div>
</section>
<section><h2>回答率</h2>${answerRateChart(report.answered, report.unanswered)}
<p class="legend"><i class="answered"></i>回答できた ${report.answered} 件 <i class="unanswered"></i>回答できなかった ${report.unanswered} 件</p>
<p class="legend">回答への評価：解決した ${report.feedback.resolved} 件・解決しない ${report.feedback.unresolved} 件</p></section>
${scoreSection(score)}
<section><h2>件数の推移</h2>${volumeChart(report.perDay, days)}
<p class="legend"><i class="answered"></i>回答 <i class="unanswered"></i>未回答 <i class="other"></i>あいさつ・その他</p></section>
<section><h2>曜日 × 時間帯</h2>${heatMapTable(report.heatMap)}</section>
<section><h2>回答できなかった質問</h2>${rankTable(
      report.topUnanswered.slice(0, DASHBOARD_TOP).map((u) => ({ label: u.example, total: u.total })),
      colors.unanswered,
      "この期間にはありません。",
    )}<p><a href="/admin/queue?${query(range, options)}">確認キューで分類する</a></p></section>
<section><h2>よく案内した窓口・制度</h2>${rankTable(
      report.topResources.slice(0, DASHBOARD_TOP).map((r) => ({ label: names.resources.get(r.resourceId) ?? r.resourceId, detail: r.resourceId, total: r.total })),
      colors.answered,
      "この期間にはありません。",
    )}</section>
<section><h2>判定の内訳</h2>${rankTable(
      report.decisions.map((d) => ({ label: decisionLabel(d.decision), total: d.total })),
      colors.heat,
      "この期間にはありません。",
    )}</section>
</main>`,
  );
}
