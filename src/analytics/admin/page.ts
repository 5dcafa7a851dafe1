import type { Report, ReportRange } from "../report.ts";
import { decisionLabel, type Names, percent } from "../report-format.ts";
import { answerRateChart, barCell, colors, escapeHtml, heatMapTable, volumeChart } from "./charts.ts";

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/admin/admin.css"><link rel="icon" href="/admin/icon.svg"></head>
<body>${body}</body></html>`;
}

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

const query = (range: ReportRange) => `since=${range.since}&amp;until=${range.until}`;

function rankTable(rows: { label: string; detail?: string; total: number }[], color: string, empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const max = Math.max(...rows.map((r) => r.total));
  const body = rows
    .map((r) => `<tr><td class="label">${escapeHtml(r.label)}${r.detail ? `<small>${escapeHtml(r.detail)}</small>` : ""}</td><td class="num">${r.total}</td><td class="barcol">${barCell(r.total, max, color)}</td></tr>`)
    .join("");
  return `<table class="rank"><tbody>${body}</tbody></table>`;
}

export function dashboardPage(report: Report, days: string[], names: Names): string {
  const { range } = report;
  const questions = report.answered + report.unanswered;
  return layout(
    `質問ログ | ${names.bot} 管理画面`,
    `<header><h1>質問ログ</h1><form method="post" action="/admin/logout"><button type="submit" class="link">ログアウト</button></form></header>
<main>
<form method="get" action="/admin" class="range">
<label>開始 <input type="date" name="since" value="${range.since}"></label>
<label>終了 <input type="date" name="until" value="${range.until}"></label>
<button type="submit">表示</button>
<a href="/admin/report.csv?${query(range)}" download>CSV をダウンロード</a>
</form>
<p class="note">${range.since} 〜 ${range.until}（日本時間）。利用者は仮名のキーで記録し、回答できなかった質問だけ本文を（電話番号などを伏せて）保存しています。</p>
<section class="figures">
<div><span class="big">${report.total}</span>件のやりとり</div>
<div><span class="big">${questions}</span>件の質問</div>
<div><span class="big">${percent(report.answerRate)}</span>回答率</div>
</section>
<section><h2>回答率</h2>${answerRateChart(report.answered, report.unanswered)}
<p class="legend"><i class="answered"></i>回答できた ${report.answered} 件 <i class="unanswered"></i>回答できなかった ${report.unanswered} 件</p></section>
<section><h2>件数の推移</h2>${volumeChart(report.perDay, days)}
<p class="legend"><i class="answered"></i>回答 <i class="unanswered"></i>未回答 <i class="other"></i>あいさつ・その他</p></section>
<section><h2>曜日 × 時間帯</h2>${heatMapTable(report.heatMap)}</section>
<section><h2>回答できなかった質問</h2>${rankTable(
      report.topUnanswered.slice(0, DASHBOARD_TOP).map((u) => ({ label: u.example, total: u.total })),
      colors.unanswered,
      "この期間にはありません。",
    )}</section>
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
