// The dashboard's charts, drawn on the server as SVG (and the heat map as a table): no script, readable
// on a phone (they scale to the width), and the numbers are also in each shape's <title> for screen readers.
import type { Report } from "../report.ts";
import { weekdayLabel } from "../report-format.ts";

export const colors = { answered: "#1f7a5a", unanswered: "#d9822b", other: "#a7b1bc", grid: "#dde3e8", text: "#33404d", heat: "#1f5fa8" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const title = (text: string) => `<title>${escapeHtml(text)}</title>`;

/** Stacked bars per day: answered, unanswered, other. `days` lists every day so gaps show as zero. */
export function volumeChart(perDay: Report["perDay"], days: string[]): string {
  const width = 640;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const plotHeight = height - bottom - 10;
  const byDay = new Map(perDay.map((d) => [d.day, d]));
  const max = Math.max(1, ...perDay.map((d) => d.total));
  const step = (width - left) / Math.max(1, days.length);
  const bar = Math.max(1, step * 0.8);
  const y = (n: number) => (n / max) * plotHeight;
  const bars = days.map((day, i) => {
    const d = byDay.get(day) ?? { total: 0, answered: 0, unanswered: 0 };
    const other = d.total - d.answered - d.unanswered;
    const x = left + i * step + (step - bar) / 2;
    let top = height - bottom;
    const segment = (n: number, color: string) => {
      top -= y(n);
      return n > 0 ? `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bar.toFixed(1)}" height="${y(n).toFixed(1)}" fill="${color}"/>` : "";
    };
    return `<g>${title(`${day}: ${d.total} 件（回答 ${d.answered}・未回答 ${d.unanswered}・その他 ${other}）`)}${segment(d.answered, colors.answered)}${segment(d.unanswered, colors.unanswered)}${segment(other, colors.other)}</g>`;
  });
  const labelEvery = Math.max(1, Math.ceil(days.length / 6));
  const labels = days
    .map((day, i) => (i % labelEvery === 0 ? `<text x="${(left + i * step + step / 2).toFixed(1)}" y="${height - 6}" text-anchor="middle">${day.slice(5).replace("-", "/")}</text>` : ""))
    .join("");
  return `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="日別の件数" class="chart">
<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="${colors.grid}"/>
<line x1="${left}" y1="${height - bottom - plotHeight}" x2="${width}" y2="${height - bottom - plotHeight}" stroke="${colors.grid}" stroke-dasharray="4 4"/>
<text x="${left - 6}" y="${height - bottom - plotHeight + 4}" text-anchor="end">${max}</text><text x="${left - 6}" y="${height - bottom}" text-anchor="end">0</text>
${bars.join("")}${labels}</svg>`;
}

/** How dark a heat-map cell is: 0 for none, then five steps up to the busiest hour (classes in admin.css). */
export function heatLevel(total: number, max: number): number {
  return total === 0 ? 0 : Math.max(1, Math.ceil((5 * total) / max));
}

/**
 * Hour of day × weekday, Japan time: when people write. A table with the counts written in the cells, so
 * they can be read on a phone (no hovering) and by a screen reader; hours run down, weekdays across, so
 * the seven columns fit a narrow screen.
 */
export function heatMapTable(cells: Report["heatMap"]): string {
  const max = Math.max(1, ...cells.map((c) => c.total));
  const byKey = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c.total]));
  const weekdays = [1, 2, 3, 4, 5, 6, 7];
  const head = weekdays.map((w) => `<th scope="col">${weekdayLabel(w)}</th>`).join("");
  const rows = Array.from({ length: 24 }, (_, hour) => {
    const row = weekdays
      .map((weekday) => {
        const total = byKey.get(`${weekday}-${hour}`) ?? 0;
        return `<td class="h${heatLevel(total, max)}">${total === 0 ? "" : total}</td>`;
      })
      .join("");
    return `<tr><th scope="row">${hour}時</th>${row}</tr>`;
  });
  return `<table class="heat"><caption>曜日・時間帯ごとの件数（空欄は 0 件）</caption><thead><tr><th scope="col">時台</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** Answered vs unanswered questions as one bar. */
export function answerRateChart(answered: number, unanswered: number): string {
  const total = answered + unanswered;
  const share = total === 0 ? 0 : answered / total;
  const width = 640;
  return `<svg viewBox="0 0 ${width} 28" role="img" aria-label="回答率" class="chart meter">
<rect x="0" y="0" width="${width}" height="28" rx="6" fill="${total === 0 ? colors.grid : colors.unanswered}">${title(`未回答 ${unanswered} 件`)}</rect>
<rect x="0" y="0" width="${(share * width).toFixed(1)}" height="28" rx="6" fill="${colors.answered}">${title(`回答 ${answered} 件`)}</rect></svg>`;
}

/** A bar in a table row, as long as `total` is of `max`. */
export function barCell(total: number, max: number, color: string): string {
  const width = max === 0 ? 0 : (100 * total) / max;
  return `<svg viewBox="0 0 100 10" preserveAspectRatio="none" class="bar" aria-hidden="true"><rect width="${width.toFixed(1)}" height="10" rx="2" fill="${color}"/></svg>`;
}
