import type { messagingApi } from "@line/bot-sdk";
import { lineSummary } from "./alt-text.ts";
import { isAccepted, phoneLines } from "./contact-lines.ts";
import { type RenderContext, resourceById } from "./context.ts";
import * as copy from "./copy.ts";
import { renderMenu } from "./menu.ts";
import { renderStatusCard } from "./status-card.ts";

/**
 * The reply to 「解決した」 or 「解決しない」. Not solved: say sorry, and show the catalog's place for general
 * questions with whether its lines are open now, so the person has somewhere to turn.
 */
export function renderFeedback(resolved: boolean, ctx: RenderContext): messagingApi.Message[] {
  const { catalog } = ctx;
  if (resolved) return [{ type: "text", text: copy.resolvedText(catalog) }];
  const referral = resourceById(catalog, catalog.voice.referral?.resource ?? "");
  const sorry: messagingApi.TextMessage = { type: "text", text: copy.unresolvedText(catalog, referral) };
  if (!referral) return [sorry, renderMenu(ctx)];
  const altText = lineSummary(referral, phoneLines(referral, ctx).find(isAccepted));
  return [sorry, { type: "flex", altText, contents: renderStatusCard(referral, [], ctx) }];
}
