import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import { fontFamily } from "./svg.ts";

/** LINE refuses rich menu images over 1 MB. */
export const maxImageBytes = 1024 * 1024;

// The font ships inside an npm package, so the picture is the same on every machine.
const fontFile = createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf");

/** Rasterises with the packaged font only; system fonts are never looked at. */
export function rasterize(svg: string): { pixels: Buffer; width: number; height: number; png: () => Buffer } {
  const image = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [fontFile], defaultFontFamily: fontFamily } }).render();
  return { pixels: image.pixels, width: image.width, height: image.height, png: () => image.asPng() };
}

export function renderPng(svg: string): Buffer {
  return rasterize(svg).png();
}
