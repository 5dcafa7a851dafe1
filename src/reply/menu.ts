import type { messagingApi } from "@line/bot-sdk";
import type { Resource } from "../catalog/schema.ts";
import { bubbleSize, button, notice, sectionTitle, text, vbox } from "./components.ts";
import type { RenderContext } from "./context.ts";
import * as copy from "./copy.ts";
import { categoryAction, openNowAction, resourceAction } from "./postback-data.ts";
import { categoryAccent } from "./theme.ts";

const title = "ご案内できること";
export const openNowLabel = "今つながる窓口";

/**
 * The categories (and "did you mean" suggestions) as buttons in a bubble: LINE for PC shows no
 * quick replies, so this is how desktop users choose.
 */
export function renderMenu(ctx: RenderContext, suggestions: Resource[] = []): messagingApi.FlexMessage {
  const { catalog } = ctx;
  const contents: messagingApi.FlexComponent[] = [text(title, { size: "md", weight: "bold" })];
  if (suggestions.length > 0) {
    contents.push(vbox([sectionTitle("こちらをお探しですか"), ...suggestions.map((r) => button(resourceAction(r)))], { spacing: "sm" }));
  }
  const categoryButtons = catalog.categories.map((c) => button(categoryAction(c), { style: "primary", color: categoryAccent(catalog, c.id) }));
  contents.push(
    vbox([sectionTitle("分野から探す"), ...categoryButtons, button(openNowAction(openNowLabel, []))], { spacing: "sm" }),
    notice(copy.asOfNotice(catalog)),
  );
  const names = [...suggestions.map((r) => r.name), ...catalog.categories.map((c) => c.name), openNowLabel];
  return {
    type: "flex",
    altText: `${title}：${names.join("／")}`,
    contents: { type: "bubble", size: bubbleSize, body: vbox(contents, { spacing: "lg" }) },
  };
}

/** The categories closest to a question first (then the rest), as buttons in a bubble of their own. */
export function renderCategoryChoices(ctx: RenderContext, closest: readonly string[]): messagingApi.FlexBubble {
  const { catalog } = ctx;
  const rank = (id: string) => (closest.includes(id) ? closest.indexOf(id) : closest.length);
  const ordered = [...catalog.categories].sort((a, b) => rank(a.id) - rank(b.id));
  return {
    type: "bubble",
    size: bubbleSize,
    body: vbox(
      [
        text("分野から探す", { size: "md", weight: "bold" }),
        vbox(
          ordered.map((c) => button(categoryAction(c), { style: "primary", color: categoryAccent(catalog, c.id) })),
          { spacing: "sm" },
        ),
      ],
      { spacing: "lg" },
    ),
  };
}
