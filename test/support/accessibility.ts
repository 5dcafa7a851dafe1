// Accessibility checks run in a real page: axe-core's WCAG rules, and the keyboard's path through the page
// with the focus indicator measured at every stop from the computed styles.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { JSHandle, Page } from "playwright-core";
import { contrastRatio } from "./contrast.ts";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeViolation {
  rule: string;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.0 and 2.1 level A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the browser's debugger protocol, which the page's Content-Security-Policy does not block.
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    type Result = { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<Result> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({ rule: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  }, wcagTags);
}

/** One stop of the keyboard's path and how its focus indicator looks there. */
export interface FocusStop {
  /** The control's accessible name as a person would hear or read it. */
  label: string;
  id: string;
  /** Outline style and width in px; the indicator's main ring. */
  style: string;
  width: number;
  /** The outline's colour, and the colour of a second ring drawn with box-shadow (null without one). */
  ringColors: [string, string | null];
  /** The colour the indicator is drawn on, or null where it is drawn over a picture. */
  surface: string | null;
  /** Whether a scrolling or clipping box, or the screen's edge, cuts off part of the indicator. */
  clipped: boolean;
}

/** Moves the keyboard's starting point to the top of the page, as when a page has just been opened. */
export async function focusPageStart(page: Page): Promise<void> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
  });
}

/** The stop the keyboard is on now, measured. */
export function currentStop(page: Page): Promise<FocusStop | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const parse = (color: string): number[] => (/rgba?\(([^)]+)\)/.exec(color)?.[1] ?? "0, 0, 0, 0").split(/[\s,/]+/).filter(Boolean).map(Number);
    // The colour under the ring: backgrounds blended from this element (a ring drawn inside it) or its parent up.
    const offset = Number.parseFloat(style.outlineOffset) || 0;
    const layers: number[][] = [];
    for (let node: Element | null = offset < 0 ? el : el.parentElement; node; node = node.parentElement) {
      const [r = 0, g = 0, b = 0, a = 1] = parse(getComputedStyle(node).backgroundColor);
      if (a > 0) layers.push([r, g, b, a]);
      if (a >= 1) break;
    }
    let surface = [255, 255, 255];
    for (const [r = 0, g = 0, b = 0, a = 1] of layers.reverse()) surface = [r, g, b].map((c, i) => c * a + (surface[i] ?? 255) * (1 - a));
    const box = el.getBoundingClientRect();
    const transparent = parse(style.backgroundColor)[3] === 0;
    const overPicture = transparent && document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2).some((e) => e.tagName === "IMG");
    // The ring's extent: the element's box, grown by the outline when it is drawn outside.
    const grow = offset < 0 ? 0 : offset + (Number.parseFloat(style.outlineWidth) || 0);
    const ring = { left: box.left - grow, top: box.top - grow, right: box.right + grow, bottom: box.bottom + grow };
    let clipped = ring.left < -0.5 || ring.top < -0.5 || ring.right > innerWidth + 0.5 || ring.bottom > innerHeight + 0.5;
    for (let node = el.parentElement; node && !clipped; node = node.parentElement) {
      const overflow = getComputedStyle(node);
      if (overflow.overflowX === "visible" && overflow.overflowY === "visible") continue;
      const clip = node.getBoundingClientRect();
      clipped = ring.left < clip.left - 0.5 || ring.top < clip.top - 0.5 || ring.right > clip.right + 0.5 || ring.bottom > clip.bottom + 0.5;
    }
    const shadow = /rgba?\([^)]*\)/.exec(style.boxShadow)?.[0] ?? null;
    const name = el.getAttribute("aria-label") ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? "";
    return {
      label: name.replace(/\s+/g, " ").trim(),
      id: el.id,
      style: style.outlineStyle,
      width: Number.parseFloat(style.outlineWidth) || 0,
      ringColors: [style.outlineColor, shadow] as [string, string | null],
      surface: overPicture ? null : `rgb(${surface.map(Math.round).join(", ")})`,
      clipped,
    };
  });
}

/**
 * Presses Tab from where the keyboard is until focus leaves the page or comes back to a control already
 * visited, and returns every stop in order.
 */
export async function tabOrder(page: Page, limit = 150): Promise<FocusStop[]> {
  const stops: FocusStop[] = [];
  const visited: JSHandle[] = [];
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press("Tab");
    const now = await page.evaluateHandle(() => document.activeElement);
    // A date input takes several presses (year, month, day): one stop.
    const same = await page.evaluate(([element, last]) => element === last, [now, visited.at(-1) ?? null]);
    if (same) continue;
    const again = await page.evaluate(([element, ...before]) => before.includes(element), [now, ...visited]);
    const stop = await currentStop(page);
    if (!stop || again) break;
    visited.push(now);
    stops.push(stop);
  }
  await Promise.all(visited.map((handle) => handle.dispose()));
  return stops;
}

/** The indicator's contrast with what it is drawn on: the better of its two rings (WCAG asks 3:1). */
export function indicatorContrast(stop: FocusStop): number | null {
  if (!stop.surface) return null;
  const [outline, second] = stop.ringColors;
  return Math.max(contrastRatio(outline, stop.surface), second ? contrastRatio(second, stop.surface) : 0);
}

/**
 * The contrast the indicator keeps on any colour at all: one of two rings always differs from the colour
 * under it by at least the square root of their own ratio. Used where the surface is a picture.
 */
export function indicatorContrastOnAnything(stop: FocusStop): number {
  const [outline, second] = stop.ringColors;
  return second ? Math.sqrt(contrastRatio(outline, second)) : 1;
}
