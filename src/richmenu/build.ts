import type { messagingApi } from "@line/bot-sdk";
import type { Catalog } from "../catalog/schema.ts";
import { colors } from "../reply/theme.ts";
import { type RichMenuLayout, richMenuLayout, richMenuRequest, richMenuTag } from "./layout.ts";
import { richMenuSvg } from "./svg.ts";

export interface RichMenu {
  layout: RichMenuLayout;
  request: messagingApi.RichMenuRequest;
  svg: string;
  /** The prefix of the names of the menus this catalog's deploys create. */
  tag: string;
}

/** The rich menu of a catalog: its layout, the object LINE takes and its picture as SVG. */
export function buildRichMenu(catalog: Catalog): RichMenu {
  const layout = richMenuLayout(catalog);
  return { layout, request: richMenuRequest(catalog, layout), svg: richMenuSvg(layout, colors.separator), tag: richMenuTag(catalog) };
}
