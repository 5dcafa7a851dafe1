import type { messagingApi } from "@line/bot-sdk";
import type { Catalog } from "../catalog/schema.ts";
import { openNowLabel } from "./menu.ts";
import { categoryAction, feedbackActions, helpAction, openNowAction } from "./postback-data.ts";

/** The main choices: the categories, "open now" and help. The quick reply and the rich menu both offer these. */
export function mainActions(catalog: Catalog): messagingApi.PostbackAction[] {
  return [...catalog.categories.map(categoryAction), openNowAction(openNowLabel, []), helpAction()];
}

/** Offered after every reply; after an answer to a typed question, 「解決した」「解決しない」 come first. */
function quickReplyFor(catalog: Catalog, asksFeedback: boolean): messagingApi.QuickReply {
  const actions = [...(asksFeedback ? feedbackActions() : []), ...mainActions(catalog)];
  return { items: actions.map((action) => ({ type: "action", action })) };
}

/**
 * LINE shows only the last message's quick reply, so that is where it goes. A reply that asks a question
 * of its own (which of these?) keeps its choices first.
 */
export function withQuickReply(messages: readonly messagingApi.Message[], catalog: Catalog, asksFeedback = false): messagingApi.Message[] {
  const last = messages.at(-1);
  if (!last) return [];
  const items = [...(last.quickReply?.items ?? []), ...(quickReplyFor(catalog, asksFeedback).items ?? [])];
  return [...messages.slice(0, -1), { ...last, quickReply: { items } }];
}
