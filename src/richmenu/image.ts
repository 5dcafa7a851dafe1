import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { type Tile, richMenuSize } from "./layout.ts";

/** LINE refuses rich menu images over 1 MB. */
export const maxImageBytes = 1024 * 1024;

// The font ships inside an npm package, so the picture is the same on every machine.
const fontFamily = "Noto Sans JP";
const fontFile = createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf");

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
export function labelLines(label: string, box: { width: number; height: number }): { lines: string[]; fontSize: number } {
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

function tileSvg(tile: Tile): string {
  const { x, y, width, height } = tile.bounds;
  const inner = { x: x + gap / 2, y: y + gap / 2, width: width - gap, height: height - gap };
  const { lines, fontSize } = labelLines(tile.label, inner);
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

/** The menu as SVG: one rounded tile per area, its label centred in it. */
export function richMenuSvg(tiles: readonly Tile[], background: string): string {
  const { width, height } = richMenuSize;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${background}"/>`,
    `<g font-family="${fontFamily}" font-weight="700" text-anchor="middle">`,
    ...tiles.map(tileSvg),
    "</g></svg>",
  ].join("");
}

/** Rasterises with the packaged font only; system fonts are never looked at. */
export function rasterize(svg: string): { pixels: Buffer; width: number; height: number; png: () => Buffer } {
  const image = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: fontFamily } }).render();
  return { pixels: image.pixels, width: image.width, height: image.height, png: () => image.asPng() };
}

export function renderPng(svg: string): Buffer {
  return rasterize(svg).png();
}
