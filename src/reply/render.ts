import type { messagingApi } from "@line/bot-sdk";
import type { Resource } from "../catalog/schema.ts";
import type { Decision, ResourceMatch } from "../understand/decision.ts";
import { lineSummary, withOthers } from "./alt-text.ts";
import { isAccepted, isEndedContact, phoneLines } from "./contact-lines.ts";
import { type RenderContext, categoryById, resourceById } from "./context.ts";
import * as copy from "./copy.ts";
import { fitText, lineLimits } from "./limits.ts";
import { leadSentences, withLead } from "./lead.ts";
import { renderCategoryChoices, renderMenu } from "./menu.ts";
import { welcomeNotices } from "./notice-lead.ts";
import { openFirst } from "./programme-line.ts";
import { resourceAction } from "./postback-data.ts";
import { renderResourceCard } from "./resource-card.ts";
import { renderStatusCard, statusLines } from "./status-card.ts";

type Message = messagingApi.Message;

/** Cards per answer: enough for a best match and its cross-references, few enough to scan on a phone. */
const maxResourceCards = 5;

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
    case "contact":
      return renderContact(decision.channel, decision.resourceIds, ctx);
    case "noMatch":
      return renderNoMatch(decision.reason, decision.suggestions, ctx);
    case "chatter":
      return [textMessage(copy.chatterText(ctx.catalog)), renderMenu(ctx)];
    case "clarify":
      return renderClarify(decision.matches, ctx);
  }
}

/** The resources an answer shows, in the order the user sees them: what the conversation remembers. */
export function shownResources(decision: Decision, ctx: RenderContext): Resource[] {
  switch (decision.kind) {
    case "category":
      return categoryMembers(decision.categoryId, decision.region, ctx, decision.pointedAt);
    case "resources":
      return resourcesShown(decision.matches, decision.region, ctx);
    case "openNow":
      return decision.resourceIds.length === 0 ? allLinesShown(ctx) : openNowShown(decision.resourceIds, ctx);
    case "contact":
      return listedResources(decision.resourceIds, ctx);
    case "referral":
      return listedResources([decision.resourceId], ctx);
    case "clarify":
      return listedResources(decision.matches.map((m) => m.resourceId), ctx);
    case "greeting":
    case "noMatch":
    case "chatter":
      return [];
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

/** The members the question singles out first; then by region, with programmes that may still be open before ended ones. */
function categoryMembers(categoryId: string, region: string | undefined, ctx: RenderContext, pointedAt: string[] = []): Resource[] {
  const members = ctx.catalog.resources.filter((r) => r.category === categoryId);
  const pointed = pointedAt.flatMap((id) => members.filter((r) => r.id === id));
  const rest = orderByRegion(openFirst(members.filter((r) => !pointed.includes(r)), ctx), region);
  return [...pointed, ...rest].slice(0, lineLimits.bubblesPerCarousel);
}

function renderCategory(categoryId: string, region: string | undefined, ctx: RenderContext, pointedAt?: string[]): Message[] {
  const category = categoryById(ctx.catalog, categoryId);
  const members = categoryMembers(categoryId, region, ctx, pointedAt);
  if (!category || members.length === 0) return renderNoMatch("unknown", [], ctx);
  return [
    textMessage(copy.categoryLead(category.name, members.length, category.lead)),
    cardsMessage(`${category.name}：${members.map((r) => r.name).join("、")}`, members.map((r) => renderResourceCard(r, ctx))),
  ];
}

/** Nationwide resources first, then regional ones; the user's own region goes to the very front. */
export function orderByRegion(resources: Resource[], region: string | undefined): Resource[] {
  const rank = (r: Resource) => (r.region === undefined ? 1 : r.region === region ? 0 : 2);
  return resources.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map(({ r }) => r);
}

function resourcesShown(matches: ResourceMatch[], region: string | undefined, ctx: RenderContext): Resource[] {
  const matched = unique(matches.map((m) => resourceById(ctx.catalog, m.resourceId)));
  const [best] = matched;
  if (!best) return [];
  // The best match's cross-references (where to consult or apply) follow when there is room.
  const referred = best.inquiries.filter((ref) => ref.region === undefined || ref.region === region).map((ref) => resourceById(ctx.catalog, ref.resource));
  return unique([...matched.slice(0, maxResourceCards), ...referred]).slice(0, maxResourceCards);
}

function renderResources(matches: ResourceMatch[], region: string | undefined, ctx: RenderContext): Message[] {
  const shown = resourcesShown(matches, region, ctx);
  const [best] = shown;
  if (!best) return renderNoMatch("unknown", [], ctx);
  const summary = lineSummary(best, phoneLines(best, ctx).find(isAccepted));
  return [cardsMessage(withOthers(summary, shown.length), shown.map((r) => renderResourceCard(r, ctx)))];
}

function openNowShown(resourceIds: string[], ctx: RenderContext): Resource[] {
  const asked = unique(resourceIds.map((id) => resourceById(ctx.catalog, id)));
  return unique(asked.flatMap((r) => [r, ...referredPhones(r, ctx)])).slice(0, lineLimits.bubblesPerCarousel);
}

function renderOpenNow(resourceIds: string[], contactIds: string[], ctx: RenderContext): Message[] {
  if (resourceIds.length === 0) return renderAllLines(ctx);
  const [first, ...rest] = openNowShown(resourceIds, ctx);
  if (!first) return renderAllLines(ctx);
  return [statusMessage([first, ...rest], contactIds, ctx)];
}

/** A resource without its own phone (e.g. a subsidy) is followed by the lines it refers to. */
function referredPhones(resource: Resource, ctx: RenderContext): Resource[] {
  if (phoneLines(resource, ctx).length > 0) return [];
  const referred = unique(resource.inquiries.map((ref) => resourceById(ctx.catalog, ref.resource)));
  return referred.filter((r) => phoneLines(r, ctx).length > 0);
}

function allLinesShown(ctx: RenderContext): Resource[] {
  const withHours = ctx.catalog.resources.filter((r) => phoneLines(r, ctx).some((l) => l.contact.hours && isAccepted(l)));
  return orderByRegion(withHours, undefined).slice(0, lineLimits.bubblesPerCarousel);
}

function renderAllLines(ctx: RenderContext): Message[] {
  const [first, ...rest] = allLinesShown(ctx);
  if (!first) return [textMessage(copy.noLinesWithHoursText)];
  return [textMessage(copy.allLinesLead), statusMessage([first, ...rest], [], ctx)];
}

function statusMessage(resources: [Resource, ...Resource[]], contactIds: string[], ctx: RenderContext): messagingApi.FlexMessage {
  const [first] = resources;
  const { asked, others } = statusLines(first, contactIds, ctx);
  const summary = lineSummary(first, asked[0] ?? others[0]);
  return cardsMessage(withOthers(summary, resources.length), resources.map((r) => renderStatusCard(r, contactIds, ctx)));
}

/** Nothing answers the question itself: say so, show where general questions go, and the closest categories. */
function renderReferral(resourceId: string, categoryIds: string[], ctx: RenderContext): Message[] {
  const resource = resourceById(ctx.catalog, resourceId);
  if (!resource) return renderNoMatch("unknown", [], ctx);
  const choices = renderCategoryChoices(ctx, categoryIds);
  return [
    textMessage(copy.referralText(ctx.catalog, resource)),
    cardsMessage(`${resource.name}（ご相談の窓口）`, [renderResourceCard(resource, ctx), choices]),
  ];
}

/** Which of a few close resources is meant: the question, then their cards (best first), each offered as a quick reply. */
function renderClarify(matches: ResourceMatch[], ctx: RenderContext): Message[] {
  const shown = listedResources(matches.map((m) => m.resourceId), ctx);
  const [best] = shown;
  if (!best) return renderNoMatch("unknown", [], ctx);
  const cards = cardsMessage(withOthers(lineSummary(best, phoneLines(best, ctx).find(isAccepted)), shown.length), shown.map((r) => renderResourceCard(r, ctx)));
  const choices = shown.map((r) => ({ type: "action" as const, action: { ...resourceAction(r), label: fitText(r.name, lineLimits.quickReplyLabel) } }));
  return [textMessage(copy.clarifyText(ctx.catalog)), { ...cards, quickReply: { items: choices } }];
}

function listedResources(resourceIds: string[], ctx: RenderContext): Resource[] {
  return unique(resourceIds.map((id) => resourceById(ctx.catalog, id))).slice(0, maxResourceCards);
}

/** The e-mail addresses or pages asked about, in a line each, then the cards (whose buttons open the pages). */
function renderContact(channel: "email" | "web", resourceIds: string[], ctx: RenderContext): Message[] {
  const shown = listedResources(resourceIds, ctx);
  const [best] = shown;
  if (!best) return renderNoMatch("unknown", [], ctx);
  const lines = shown.map((r) => {
    if (channel === "web") return copy.pagesText(r.name, r.links);
    const emails = r.contacts.filter((c) => c.kind === "email" && !isEndedContact(c, ctx.now));
    return emails.length > 0 ? copy.emailsText(r.name, emails) : copy.noEmailText(r.name);
  });
  const summary = lineSummary(best, phoneLines(best, ctx).find(isAccepted));
  return [textMessage(lines.join("\n\n")), cardsMessage(withOthers(summary, shown.length), shown.map((r) => renderResourceCard(r, ctx)))];
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

function unique(resources: (Resource | undefined)[]): Resource[] {
  return [...new Set(resources.filter((r): r is Resource => r !== undefined))];
}
