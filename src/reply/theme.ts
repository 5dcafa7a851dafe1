import type { Catalog } from "../catalog/schema.ts";
import type { OpeningStatus } from "../hours/opening.ts";

// Every text colour meets WCAG AA (4.5:1) on the background it is used on; test/contrast checks the rendered page.
export const colors = {
  text: "#1F2933",
  subtext: "#5F6B7A",
  faint: "#5C6470",
  onAccent: "#FFFFFF",
  onAccentSub: "#E6ECF2",
  separator: "#E3E7EC",
} as const;

/** Badge backgrounds, each readable with white text. */
export const statusColors: Record<OpeningStatus, string> = {
  open: "#137333",
  closed: "#6B7280",
  unknown: "#B45309",
  ended: "#374151",
  notStarted: "#1D4ED8",
};

// Category colours follow the catalog's category order, so data never carries styling
// and code never names a category. None of them is a status colour.
const accentPalette = ["#0E6E8C", "#A34A25", "#4A5BA8", "#7A4E9E", "#7A6A1F", "#2F6F62"];

export function categoryAccent(catalog: Catalog, categoryId: string): string {
  const index = Math.max(0, catalog.categories.findIndex((c) => c.id === categoryId));
  return accentPalette[index % accentPalette.length] ?? colors.text;
}
