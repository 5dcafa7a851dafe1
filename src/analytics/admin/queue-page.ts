import type { Catalog } from "../../catalog/schema.ts";
import { type Mark, verdictLabels } from "../marks.ts";
import type { ReportOptions, ReportRange } from "../report.ts";
import { decisionLabel } from "../report-format.ts";
import { type QueueGroup, classLabels } from "../review-queue.ts";
import { escapeHtml } from "./charts.ts";
import { layout, pageHeader } from "./layout.ts";
import { filterForm, query } from "./page.ts";

// A phone screen's worth of work; the rest waits for the next visit (marked groups leave the list).
const QUEUE_SHOWN = 30;

const classLabel = (name: string) => classLabels[name] ?? decisionLabel(name);

function markChoices(catalog: Catalog, selected: string): string {
  const option = (value: string, label: string) => `<option value="${escapeHtml(value)}"${value === selected ? " selected" : ""}>${escapeHtml(label)}</option>`;
  const resources = catalog.categories
    .map((c) => {
      const members = catalog.resources.filter((r) => r.category === c.id).map((r) => option(`resource:${r.id}`, r.name));
      return members.length > 0 ? `<optgroup label="${escapeHtml(c.name)}">${members.join("")}</optgroup>` : "";
    })
    .join("");
  return `<option value=""${selected === "" ? " selected" : ""}>選んでください</option>${resources}
<optgroup label="答える窓口・制度がない">${option("outOfScope", verdictLabels.outOfScope)}${option("chatter", verdictLabels.chatter)}${option("needsContent", verdictLabels.needsContent)}</optgroup>`;
}

const choiceOf = (mark: Mark | undefined) => (mark === undefined ? "" : mark.verdict === "resource" ? `resource:${mark.resourceId}` : mark.verdict);

function markText(mark: Mark, catalog: Catalog): string {
  if (mark.verdict !== "resource") return verdictLabels[mark.verdict];
  const name = catalog.resources.find((r) => r.id === mark.resourceId)?.name;
  return name ? `答えは「${name}」` : `答えは ${mark.resourceId}（カタログにありません）`;
}

function groupCard(group: QueueGroup, index: number, mark: Mark | undefined, catalog: Catalog, hidden: string): string {
  const name = (id: string) => catalog.resources.find((r) => r.id === id)?.name ?? id;
  const classes = group.classes.map((c) => `<span class="badge c-${escapeHtml(c.name)}">${escapeHtml(classLabel(c.name))}${group.classes.length > 1 ? ` ${c.total}` : ""}</span>`).join("");
  const simulator = group.simulator > 0 ? `<span class="badge sim">シミュレーター ${group.simulator}</span>` : "";
  const shown = group.shown.length > 0 ? `（${group.shown.slice(0, 3).map(name).map(escapeHtml).join("、")}を表示）` : "";
  const candidates =
    group.candidates.length === 0
      ? `<p class="empty">候補はありませんでした。</p>`
      : `<ol class="candidates">${group.candidates.map((c) => `<li><span>${escapeHtml(name(c.resourceId))}</span><span class="num">${c.score.toFixed(2)}</span></li>`).join("")}</ol>`;
  const id = `group-${index}`;
  return `<article class="group" aria-labelledby="${id}-example">
<p class="count"><span class="big">${group.total}</span>件 ${classes}${simulator}</p>
<p class="example" id="${id}-example">「${escapeHtml(group.example)}」${group.variants > 1 ? `<small>ほか言い方 ${group.variants - 1} 通り</small>` : ""}</p>
<dl><dt>ボットの判定</dt><dd>${escapeHtml(decisionLabel(group.decision))}${shown}</dd>
<dt>エンジンの候補（スコア）</dt><dd>${candidates}</dd></dl>
${mark ? `<p class="marked">印：${escapeHtml(markText(mark, catalog))}</p>` : ""}
<form method="post" action="/admin/queue/mark" class="mark">
<input type="hidden" name="key" value="${escapeHtml(group.key)}">${hidden}
<label for="${id}-choice">${mark ? "印を変える" : "この質問の扱い"}</label>
<select id="${id}-choice" name="choice" required>${markChoices(catalog, choiceOf(mark))}</select>
<button type="submit">${mark ? "変更する" : "印を付ける"}</button>
${mark ? `<button type="submit" name="choice" value="clear" formnovalidate class="secondary">印を外す</button>` : ""}
</form></article>`;
}

/** Unanswered, referred and 「解決しない」 questions grouped, each with what the bot did and a form to mark it. */
export function queuePage(groups: QueueGroup[], marks: Map<string, Mark>, range: ReportRange, options: ReportOptions, catalog: Catalog, bot: string, notice?: string): string {
  const hidden = `<input type="hidden" name="since" value="${range.since}"><input type="hidden" name="until" value="${range.until}">${options.withoutSimulator ? '<input type="hidden" name="without" value="simulator">' : ""}`;
  const open = groups.filter((g) => !marks.has(g.key));
  const done = groups.filter((g) => marks.has(g.key));
  const cards = (list: QueueGroup[], offset: number) => list.map((g, i) => groupCard(g, offset + i, marks.get(g.key), catalog, hidden)).join("\n");
  const shown = open.slice(0, QUEUE_SHOWN);
  return layout(
    `確認キュー | ${bot} 管理画面`,
    `${pageHeader("確認キュー", "/admin/queue", `?${query(range, options)}`)}
<main>
${filterForm("/admin/queue", range, options)}
${notice ? `<p class="notice" role="status">${escapeHtml(notice)}</p>` : ""}
<p class="note">${range.since} 〜 ${range.until}（日本時間）。答えられなかった質問・他の窓口へ案内した質問・「解決しない」と言われた質問を、同じ内容ごとにまとめています。印を付けると、例文とラベル付き質問集になります。</p>
<section aria-labelledby="open-title"><h2 id="open-title">未確認 ${open.length} グループ${open.length > shown.length ? `（多い順に ${shown.length} 件を表示）` : ""}</h2>
${shown.length > 0 ? cards(shown, 0) : '<p class="empty">この期間に確認が必要な質問はありません。</p>'}</section>
${done.length > 0 ? `<section aria-labelledby="done-title"><h2 id="done-title">印を付けたもの ${done.length} グループ</h2>\n${cards(done, shown.length)}</section>` : ""}
</main>`,
  );
}
