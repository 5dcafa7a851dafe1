import type { RichMenuLayout, Tile } from "./layout.ts";

export const fontFamily = "Noto Sans JP";
// Browsers showing the SVG (the simulator) use whichever Japanese font they have.
const fontFallbacks = "Noto Sans CJK JP, Hiragino Sans, Yu Gothic, sans-serif";

const gap = 8;
const maxFontSize = 120;
const lineHeight = 1.3;
/** Share of a tile's width the text may use. */
const textWidthShare = 0.84;

/** Approximate advance in em: full-width characters take 1 em, others about 0.62. */
function emWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u0000-\u00ff\uff61-\uff9f]/.test(char) ? 0.62 : 1;
  return width;
}

/** One line when it fits large enough, else one line per part between 「・」 (労務管理・就業規則 → 労務管理／就業規則). */
function labelLines(label: string, box: { width: number; height: number }): { lines: string[]; fontSize: number } {
  const fit = (lines: string[]) => {
    const widest = Math.max(...lines.map(emWidth));
    const byWidth = (box.width * textWidthShare) / widest;
    const byHeight = (box.height * 0.7) / (lines.length * lineHeight);
    return { lines, fontSize: Math.floor(Math.min(maxFontSize, byWidth, byHeight)) };
  };
  const single = fit([label]);
  const parts = label.split("・").filter((p) => p.length > 0);
  if (single.fontSize >= maxFontSize * 0.85 || parts.length < 2) return single;
  const split = fit(parts);
  return split.fontSize > single.fontSize ? split : single;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function inside({ x, y, width, height }: Tile["bounds"]) {
  return { x: x + gap / 2, y: y + gap / 2, width: width - gap, height: height - gap };
}

/** One tile with its label in lines, at the size shared by all labels. */
function tileSvg(tile: Tile, lines: string[], fontSize: number): string {
  const inner = inside(tile.bounds);
  const blockHeight = lines.length * fontSize * lineHeight;
  const centerX = inner.x + inner.width / 2;
  // Baselines: the text block is centred; 0.36 em below a line's middle sits the baseline for CJK glyphs.
  const texts = lines.map((line, i) => {
    const middle = inner.y + (inner.height - blockHeight) / 2 + (i + 0.5) * fontSize * lineHeight;
    return `<text x="${centerX}" y="${(middle + fontSize * 0.36).toFixed(1)}" font-size="${fontSize}">${escapeXml(line)}</text>`;
  });
  return [
    `<rect x="${inner.x}" y="${inner.y}" width="${inner.width}" height="${inner.height}" rx="28" fill="${tile.background}"/>`,
    `<g fill="${tile.foreground}">${texts.join("")}</g>`,
  ].join("");
}

/** The menu as SVG: one rounded tile per area, its label centred in it, every label the same size. */
export function richMenuSvg({ size, tiles }: RichMenuLayout, background: string): string {
  const { width, height } = size;
  const labels = tiles.map((tile) => labelLines(tile.label, inside(tile.bounds)));
  const fontSize = Math.min(...labels.map((l) => l.fontSize));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${background}"/>`,
    `<g font-family="${fontFamily}, ${fontFallbacks}" font-weight="700" text-anchor="middle">`,
    ...tiles.map((tile, i) => tileSvg(tile, labels[i]?.lines ?? [tile.label], fontSize)),
    "</g></svg>",
  ].join("");
}

