import type { Resource } from "../catalog/schema.ts";
import { momentFrom, reachabilityOrder } from "../hours/opening.ts";
import { type PhoneLine, isAccepted, phoneLines } from "./contact-lines.ts";
import type { RenderContext } from "./context.ts";
import * as copy from "./copy.ts";
import { isStale } from "./freshness.ts";

// How a line's status is said in a sentence (the badge words stay on the cards).

/** Lines open now that a sentence names one by one; a longer list reads as a list, and the cards show them all. */
const maxNamedOpen = 3;

/** The line a sentence speaks of: the one the user asked about, else the first open now, else the first still accepted. */
export function mainLine(resource: Resource, ctx: RenderContext, askedContactIds: readonly string[] = []): PhoneLine | undefined {
  const accepted = phoneLines(resource, ctx).filter(isAccepted);
  return accepted.find((line) => askedContactIds.includes(line.contact.id)) ?? accepted.find((line) => line.opening.status === "open") ?? accepted[0];
}

/** The numbers the user typed that are no longer accepted, each said to have ended. */
export function endedNumberSentences(resources: Resource[], askedContactIds: readonly string[], ctx: RenderContext): string[] {
  return resources.flatMap((resource) =>
    phoneLines(resource, ctx)
      .filter((line) => askedContactIds.includes(line.contact.id) && !isAccepted(line))
      .map((line) => copy.answerText(ctx.catalog, "askedNumber", { resource: resource.name, number: line.contact.value, status: line.opening.detail })),
  );
}

/** Open ones first, then those that open later, then the rest; resources without a line to call last. */
export function reachableFirst(resources: Resource[], ctx: RenderContext): Resource[] {
  const rank = (resource: Resource) => {
    const line = mainLine(resource, ctx);
    return line ? reachabilityOrder.indexOf(line.opening.status) : reachabilityOrder.length;
  };
  return resources
    .map((resource, i) => ({ resource, i, rank: rank(resource) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ resource }) => resource);
}

/** 「いま受け付けています」, 「次は11月24日(火) 9:00から」 or what is known: for a line named inside a sentence. */
function statusPhrase(line: PhoneLine, ctx: RenderContext): string {
  const { opening } = line;
  if (opening.status === "open") return copy.openNowPhrase;
  if (opening.nextOpensAt) return copy.nextOpeningPhrase(momentFrom(opening.nextOpensAt, ctx.now));
  return opening.detail;
}

/** 「〇〇センター（0120-…、平日9:00～17:00、いま受け付けています）」: a place to call, with today's status. */
export function linePhrase(resource: Resource, line: PhoneLine, ctx: RenderContext): string {
  const parts = [line.contact.value, line.contact.hours?.text, statusPhrase(line, ctx)].filter((p): p is string => p !== undefined);
  return `${resource.name}（${parts.join("、")}）`;
}

/**
 * One line's status as a sentence: open until when, when it opens next (and why it is closed today), or
 * what is known. `named`: the sentence before already named the resource, so this one need not.
 */
export function lineStatusSentence(name: string, line: PhoneLine, ctx: RenderContext, named = false): string {
  const { catalog } = ctx;
  const { opening } = line;
  if (opening.status === "open") return copy.answerText(catalog, "openUntil", { until: opening.detail });
  if (opening.nextOpensAt) {
    const when = momentFrom(opening.nextOpensAt, ctx.now);
    if (opening.reason) return copy.answerText(catalog, "closedFor", { reason: opening.reason, resource: name, when });
    return named ? copy.answerText(catalog, "opensNext", { when }) : copy.answerText(catalog, "opensAt", { resource: name, when });
  }
  return copy.answerText(catalog, "lineStatus", { resource: name, status: opening.detail });
}

/**
 * Who is open now and until when; when none is, who opens first and when (with why they are closed
 * today). 「いま受け付けている窓口はありません」 only when every status is known: a line whose source leaves
 * today unsaid (年末年始) may be open, and is said to be unknown. Resources without a line to call are left
 * out; nothing is said when none has one.
 */
export function statusSummary(resources: Resource[], ctx: RenderContext, askedContactIds: readonly string[] = []): string[] {
  const { catalog } = ctx;
  const entries = resources.flatMap((resource) => {
    const line = mainLine(resource, ctx, askedContactIds);
    return line ? [{ resource, line }] : [];
  });
  const [first] = entries;
  if (!first) return [];
  const open = entries.filter((e) => e.line.opening.status === "open");
  if (open.length > 0) {
    // A few named with number and hours, the rest counted: their cards follow in the same order.
    const named = open.slice(0, maxNamedOpen).map((e) => `${e.resource.name}（${e.line.contact.value}、${e.line.opening.detail}）`).join("、");
    const lines = open.length > maxNamedOpen ? copy.andOthers(named, open.length - maxNamedOpen) : named;
    return [copy.answerText(catalog, "openNow", { lines })];
  }
  const unknown = entries.filter((e) => e.line.opening.status === "unknown");
  // Those whose status is unknown for the same reason are named together.
  const unknownSentences = [...Map.groupBy(unknown, (e) => e.line.opening.detail)].map(([status, group]) =>
    copy.answerText(catalog, "lineStatus", { resource: group.map((e) => e.resource.name).join("と"), status }),
  );
  const opening = entries.filter((e) => e.line.opening.nextOpensAt !== undefined).sort((a, b) => (a.line.opening.nextOpensAt?.toMillis() ?? 0) - (b.line.opening.nextOpensAt?.toMillis() ?? 0));
  const [soonest] = opening;
  // Those opening at the same moment for the same reason are named together.
  const together = opening.filter((e) => e.line.opening.nextOpensAt?.toMillis() === soonest?.line.opening.nextOpensAt?.toMillis() && e.line.opening.reason === soonest?.line.opening.reason);
  const opensFirst = soonest ? lineStatusSentence(together.map((e) => e.resource.name).join("と"), soonest.line, ctx) : lineStatusSentence(first.resource.name, first.line, ctx);
  if (unknown.length === 0) return [copy.answerText(catalog, "noneOpen"), opensFirst];
  // When the others open comes first; then those that may be open now, for all anyone knows.
  return soonest ? [opensFirst, ...unknownSentences] : unknownSentences;
}

/**
 * Sentences that state a status from hours published long ago say which hours they follow, once. Not for
 * a status no date makes more or less known (hours not published).
 */
export function withStaleNote(sentences: string[], resources: Resource[], ctx: RenderContext): string[] {
  const timed = resources.some((r) => {
    const status = mainLine(r, ctx)?.opening.status;
    return status === "open" || status === "closed" || status === "notStarted";
  });
  return timed && sentences.length > 0 && isStale(ctx.catalog, ctx.now) ? [...sentences, copy.answerText(ctx.catalog, "staleHours")] : sentences;
}
