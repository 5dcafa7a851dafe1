import type { messagingApi } from "@line/bot-sdk";
import type { Catalog } from "../catalog/schema.ts";
import { mainActions } from "../reply/quick-reply.ts";
import { categoryAccent, colors, statusColors } from "../reply/theme.ts";

/** LINE's two usual rich menu sizes; the compact one leaves more of a phone's screen to the chat. */
const compactSize = { width: 2500, height: 843 } as const;
const fullSize = { width: 2500, height: 1686 } as const;

/** Every menu a deploy creates is named with this prefix, so the next deploy knows which ones are its own. */
export function richMenuTag(catalog: Pick<Catalog, "id">): string {
  return `${catalog.id}-bot:richmenu`;
}

const maxPerRow = 3;
/** Two rows fit the compact size, up to four the full one. */
const maxCompactRows = 2;
const maxRows = 4;
/** LINE allows 20 areas; the rows above keep the menu well under that. */
const maxAreas = 20;

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One tappable tile: what it says, its colours, where it sits and the postback it sends. */
export interface Tile {
  label: string;
  background: string;
  foreground: string;
  bounds: Bounds;
  action: messagingApi.PostbackAction;
}

export interface RichMenuLayout {
  size: { width: number; height: number };
  tiles: Tile[];
}

export class RichMenuLayoutError extends Error {}

/** Splits `count` tiles into rows of at most `maxPerRow`, as even as possible, fuller rows first. */
function rowSizes(count: number): number[] {
  if (count === 0) return [];
  const rows = Math.ceil(count / maxPerRow);
  return Array.from({ length: rows }, (_, i) => Math.floor(count / rows) + (i < count % rows ? 1 : 0));
}

/** Integer cuts of `total` into `parts` pieces that add up exactly. */
function cuts(total: number, parts: number): { start: number; size: number }[] {
  return Array.from({ length: parts }, (_, i) => {
    const start = Math.round((i * total) / parts);
    return { start, size: Math.round(((i + 1) * total) / parts) - start };
  });
}

/**
 * The categories in rows, then a last row with 今つながる窓口 and 使い方: the same actions, in
 * the same order, as the quick reply after every answer. Compact when two rows suffice.
 */
export function richMenuLayout(catalog: Catalog): RichMenuLayout {
  const actions = mainActions(catalog);
  const categoryCount = catalog.categories.length;
  const rows = [...rowSizes(categoryCount), actions.length - categoryCount];
  if (rows.length > maxRows || actions.length > maxAreas) {
    throw new RichMenuLayoutError(
      `カテゴリが ${categoryCount} 件あり、リッチメニューに収まりません（最大 ${(maxRows - 1) * maxPerRow} 件）。catalog.yaml の categories を減らしてください。`,
    );
  }
  const size = rows.length <= maxCompactRows ? compactSize : fullSize;
  const extraColors = [statusColors.open, colors.text];
  const rowCuts = cuts(size.height, rows.length);
  const tiles: Tile[] = [];
  rows.forEach((count, row) => {
    const rowCut = rowCuts[row];
    if (!rowCut) return;
    for (const column of cuts(size.width, count)) {
      const index = tiles.length;
      const action = actions[index];
      if (!action) return;
      const category = catalog.categories[index];
      tiles.push({
        label: action.label ?? "",
        background: category ? categoryAccent(catalog, category.id) : (extraColors[index - categoryCount] ?? colors.text),
        foreground: colors.onAccent,
        bounds: { x: column.start, y: rowCut.start, width: column.size, height: rowCut.size },
        action,
      });
    }
  });
  return { size: { ...size }, tiles };
}

/** The rich menu object LINE validates and creates; `name` tags it for the next deploy. */
export function richMenuRequest(catalog: Catalog, { size, tiles }: RichMenuLayout): messagingApi.RichMenuRequest {
  return {
    size: { ...size },
    selected: true,
    name: `${richMenuTag(catalog)} ${catalog.version}`,
    chatBarText: "メニュー",
    areas: tiles.map((tile) => ({ bounds: { ...tile.bounds }, action: tile.action })),
  };
}
