import type { messagingApi } from "@line/bot-sdk";
import type { Resource } from "../catalog/schema.ts";
import type { Decision, ResourceMatch } from "../understand/decision.ts";
import { lineSummary, withOthers } from "./alt-text.ts";
import { isAccepted, phoneLines } from "./contact-lines.ts";
import { type RenderContext, categoryById, resourceById } from "./context.ts";
import * as copy from "./copy.ts";
import { hasMoreThanCard, renderDetailCard } from "./detail-card.ts";
import { leadSentences, withLead } from "./lead.ts";
import { renderCategoryChoices, renderMenu } from "./menu.ts";
import { welcomeNotices } from "./notice-lead.ts";
import { fitText, lineLimits } from "./limits.ts";
import { resourceAction } from "./postback-data.ts";
import { renderResourceCard } from "./resource-card.ts";
import { type DetailRequest, allLinesShown, categoryMembers, detailShown, isLineAspect, listedResources, openNowShown, referralShown, resourcesShown, unique } from "./shown.ts";
import { renderStatusCard, statusLines } from "./status-card.ts";

export { orderByRegion, shownResources } from "./shown.ts";

type Message = messagingApi.Message;

/** The reply to a decision: its sentences first, then the cards (whose buttons act). */
export function renderDecision(decision: Decision, ctx: RenderContext): Message[] {
  return withLead(leadSentences(decision, ctx), renderBody(decision, ctx));
}

function renderBody(decision: Decision, ctx: RenderContext): Message[] {
  switch (decision.kind) {
    case "greeting":
      return renderGreeting(decision.variant, ctx);
    case "category":
      return renderCategory(decision.categoryId, decision.region, ctx, decision.pointedAt);
    case "resources":
      return renderResources(decision.matches, decision.region, ctx);
    case "openNow":
      return renderOpenNow(decision.resourceIds, decision.contactIds, ctx);
    case "referral":
      return renderReferral(decision.resourceId, decision.categoryIds, ctx);
    case "detail":
      return renderDetail(decision, ctx);
    case "region":
      return renderListed(decision.resourceIds, ctx);
    case "noMatch":
      return renderNoMatch(decision.reason, decision.suggestions, ctx);
    case "chatter":
      return renderChatter(decision.related, ctx);
    case "clarify":
      return renderClarify(decision.matches, ctx);
  }
}

export function renderWelcome(returning: boolean, ctx: RenderContext): Message[] {
  return [textMessage([copy.welcomeText(ctx.catalog, returning), ...welcomeNotices(ctx)].join("\n\n")), renderMenu(ctx)];
}

export function renderJoin(ctx: RenderContext): Message[] {
  return [textMessage(copy.joinText(ctx.catalog))];
}

/** Stickers, images and other non-text messages: ask for a typed question. */
export function renderNonText(messageType: string, ctx: RenderContext): Message[] {
  return [textMessage(copy.nonTextReply(messageType)), renderMenu(ctx)];
}

function renderGreeting(variant: "hello" | "thanks" | "help", ctx: RenderContext): Message[] {
  if (variant === "thanks") return [textMessage(copy.thanksText(ctx.catalog))];
  if (variant === "help") return [textMessage(copy.helpText(ctx.catalog)), renderMenu(ctx)];
  return [textMessage(copy.helloText(ctx.catalog)), renderMenu(ctx)];
}

/** The members as cards; the sentence before them says what the category is and how many there are. */
function renderCategory(categoryId: string, region: string | undefined, ctx: RenderContext, pointedAt?: string[]): Message[] {
  const category = categoryById(ctx.catalog, categoryId);
  const members = categoryMembers(categoryId, region, ctx, pointedAt);
  if (!category || members.length === 0) return renderNoMatch("unknown", [], ctx);
  return [cardsMessage(`${category.name}：${members.map((r) => r.name).join("、")}`, members.map((r) => renderResourceCard(r, ctx)))];
}

function renderResources(matches: ResourceMatch[], region: string | undefined, ctx: RenderContext): Message[] {
  const shown = resourcesShown(matches, region, ctx);
  const [best] = shown;
  if (!best) return renderNoMatch("unknown", [], ctx);
  const summary = lineSummary(best, phoneLines(best, ctx).find(isAccepted));
  return [cardsMessage(withOthers(summary, shown.length), shown.map((r) => renderResourceCard(r, ctx)))];
}

function renderOpenNow(resourceIds: string[], contactIds: string[], ctx: RenderContext): Message[] {
  const [first, ...rest] = resourceIds.length === 0 ? allLinesShown(ctx) : openNowShown(resourceIds, ctx);
  if (!first) return [textMessage(copy.noLinesWithHoursText)];
  return [statusMessage([first, ...rest], contactIds, ctx)];
}

function statusMessage(resources: [Resource, ...Resource[]], contactIds: string[], ctx: RenderContext): messagingApi.FlexMessage {
  const [first] = resources;
  const { asked, others } = statusLines(first, contactIds, ctx);
  const summary = lineSummary(first, asked[0] ?? others[0]);
  return cardsMessage(withOthers(summary, resources.length), resources.map((r) => renderStatusCard(r, contactIds, ctx)));
}

/** Nothing answers the question itself: say so, show where general questions go, and the closest categories. */
function renderReferral(resourceId: string, categoryIds: string[], ctx: RenderContext): Message[] {
  const [resource, ...guides] = referralShown(resourceId, ctx);
  if (!resource) return renderNoMatch("unknown", [], ctx);
  const choices = renderCategoryChoices(ctx, categoryIds);
  const text = [copy.referralText(ctx.catalog, resource), ...(guides.length > 0 ? [copy.answerText(ctx.catalog, "guides", { guides: guides.map((r) => r.name).join("、") })] : [])].join("");
  return [textMessage(text), cardsMessage(`${resource.name}（ご相談の窓口）`, [renderResourceCard(resource, ctx), ...guides.map((r) => renderResourceCard(r, ctx)), choices])];
}

/**
 * A detail answered: the sentences say it; the cards follow for their buttons. Status, hours and numbers
 * show the lines' status cards; 「もっと詳しく」 everything beyond the card; anything else the cards.
 */
function renderDetail(request: DetailRequest, ctx: RenderContext): Message[] {
  const [first, ...rest] = detailShown(request, ctx);
  if (!first) return renderNoMatch("unknown", [], ctx);
  const shown: [Resource, ...Resource[]] = [first, ...rest];
  if (isLineAspect(request.aspect)) return [statusMessage(shown, [], ctx)];
  const bubbles = shown.map((r) => (request.aspect === "more" && hasMoreThanCard(r, ctx) ? renderDetailCard(r, request.region, ctx) : renderResourceCard(r, ctx)));
  return [cardsMessage(shown.map((r) => r.name).join("、"), bubbles)];
}

/**
 * A remark: the kind reply and the menu; with the resource it is about, if any, offered as a quick reply (and
 * as the menu's suggestion, for LINE on PC, which shows no quick replies), never as a card.
 */
function renderChatter(related: string | undefined, ctx: RenderContext): Message[] {
  const resource = related === undefined ? undefined : resourceById(ctx.catalog, related);
  if (!resource) return [textMessage(copy.chatterText(ctx.catalog)), renderMenu(ctx)];
  const chip = { type: "action" as const, action: { ...resourceAction(resource), label: fitText(resource.name, lineLimits.quickReplyLabel) } };
  return [textMessage(`${copy.chatterText(ctx.catalog)}\n${copy.chatterRelatedText(resource)}`), { ...renderMenu(ctx, [resource]), quickReply: { items: [chip] } }];
}

/** Which of a few close resources is meant: the question, then their cards (best first), each offered as a quick reply. */
function renderClarify(matches: ResourceMatch[], ctx: RenderContext): Message[] {
  const shown = listedResources(matches.map((m) => m.resourceId), ctx);
  const [best] = shown;
  if (!best) return renderNoMatch("unknown", [], ctx);
  const cards = cardsMessage(withOthers(lineSummary(best, phoneLines(best, ctx).find(isAccepted)), shown.length), shown.map((r) => renderResourceCard(r, ctx)));
  const choices = shown.map((r) => ({ type: "action" as const, action: { ...resourceAction(r), label: chipLabel(r.name) } }));
  return [textMessage(copy.clarifyText(ctx.catalog)), { ...cards, quickReply: { items: choices } }];
}

/**
 * A name on a quick-reply chip (20 characters): without its closing （…）, or without what comes before its
 * last space (the organisation), when that makes it fit; cut only when neither does.
 */
function chipLabel(name: string): string {
  const max = lineLimits.quickReplyLabel;
  const shorter = [name, name.replace(/[（(][^（）()]*[）)]$/u, ""), name.slice(name.lastIndexOf(" ") + 1)];
  return shorter.find((n) => n.length > 0 && n.length <= max) ?? fitText(name, max);
}

function renderListed(resourceIds: string[], ctx: RenderContext): Message[] {
  const shown = listedResources(resourceIds, ctx);
  if (shown.length === 0) return renderNoMatch("unknown", [], ctx);
  return [cardsMessage(shown.map((r) => r.name).join("、"), shown.map((r) => renderResourceCard(r, ctx)))];
}

function renderNoMatch(reason: "empty" | "outOfScope" | "unknown", suggestions: ResourceMatch[], ctx: RenderContext): Message[] {
  if (reason === "empty") return [textMessage(copy.emptyQuestionText(ctx.catalog)), renderMenu(ctx)];
  // Out of scope gets no suggestions: offering a catalog entry for another programme would mislead.
  if (reason === "outOfScope") return [textMessage(copy.outOfScopeText(ctx.catalog)), renderMenu(ctx)];
  const suggested = unique(suggestions.map((s) => resourceById(ctx.catalog, s.resourceId))).slice(0, 3);
  return [textMessage(copy.notFoundText(ctx.catalog, suggested.length > 0)), renderMenu(ctx, suggested)];
}

function textMessage(text: string): messagingApi.TextMessage {
  return { type: "text", text };
}

function cardsMessage(altText: string, bubbles: messagingApi.FlexBubble[]): messagingApi.FlexMessage {
  const [only] = bubbles;
  const contents: messagingApi.FlexContainer = bubbles.length === 1 && only ? only : { type: "carousel", contents: bubbles };
  return { type: "flex", altText, contents };
}
