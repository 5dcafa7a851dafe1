// The dashboard's charts, drawn on the server as SVG: no script, readable on a phone (they scale
// to the width), and the numbers are also in each shape's <title> for screen readers and hovering.
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

/** Hour of day × weekday, Japan time: when people write. */
export function heatMapChart(cells: Report["heatMap"]): string {
  const cell = 24;
  const left = 30;
  const top = 24;
  const max = Math.max(1, ...cells.map((c) => c.total));
  const byKey = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c.total]));
  const rects: string[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const total = byKey.get(`${weekday}-${hour}`) ?? 0;
      const opacity = total === 0 ? 0.04 : 0.15 + 0.85 * (total / max);
      rects.push(
        `<rect x="${left + hour * cell}" y="${top + (weekday - 1) * cell}" width="${cell - 2}" height="${cell - 2}" rx="3" fill="${colors.heat}" fill-opacity="${opacity.toFixed(2)}">${title(`${weekdayLabel(weekday)}曜 ${hour}時台: ${total} 件`)}</rect>`,
      );
    }
  }
  const days = [1, 2, 3, 4, 5, 6, 7].map((w) => `<text x="${left - 6}" y="${top + (w - 1) * cell + 17}" text-anchor="end">${weekdayLabel(w)}</text>`).join("");
  const hours = [0, 6, 12, 18, 23].map((h) => `<text x="${left + h * cell + 11}" y="${top - 6}" text-anchor="middle">${h}時</text>`).join("");
  return `<svg viewBox="0 0 ${left + 24 * cell + 16} ${top + 7 * cell}" role="img" aria-label="曜日と時間帯" class="chart">${days}${hours}${rects.join("")}</svg>`;
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
