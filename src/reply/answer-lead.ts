import type { Decision } from "../understand/decision.ts";
import type { RenderContext } from "./context.ts";
import { categoryById } from "./context.ts";
import * as copy from "./copy.ts";
import { detailSentences } from "./detail-sentences.ts";
import type { LeadSource } from "./lead.ts";
import { endedNumberSentences, statusSummary, withStaleNote } from "./line-words.ts";
import { saysLifetimeOf } from "./programme-lead.ts";
import { shownResources } from "./shown.ts";

/**
 * The answer in words, as a clerk gives it before handing over a leaflet: the detail asked for (this
 * source), or how many of a kind there are, what the best match is, who is open now (overviewSentences).
 * A detail is said before a programme's lifetime; an overview after it. Greetings, refusals and referrals
 * already open with their own text.
 */
export const detailAnswer: LeadSource = (decision, ctx) => (decision.kind === "detail" ? detailSentences(decision, ctx) : []);

export const overviewSentences: LeadSource = (decision, ctx) => {
  switch (decision.kind) {
    case "category":
      return categorySentences(decision.categoryId, decision, ctx);
    case "resources":
      return resourceSentences(decision, ctx);
    case "openNow": {
      const shown = shownResources(decision, ctx);
      return withStaleNote([...endedNumberSentences(shown, decision.contactIds, ctx), ...statusSummary(shown, ctx, decision.contactIds)], shown, ctx);
    }
    case "region":
      return regionSentences(decision.region, decision, ctx);
    default:
      return [];
  }
};

function categorySentences(categoryId: string, decision: Decision, ctx: RenderContext): string[] {
  const category = categoryById(ctx.catalog, categoryId);
  const count = shownResources(decision, ctx).length;
  if (!category || count === 0) return [];
  return [copy.answerText(ctx.catalog, "category", { category: category.name, count: String(count), lead: category.lead })];
}

/** The first sentence of a summary: what the resource is, in one breath. */
function firstSentence(text: string): string {
  return text.match(/^.*?。/u)?.[0] ?? text;
}

/** Topics shown back in a sentence: enough to recognise the question, not a list. */
const TOPICS_SAID = 2;

function resourceSentences(decision: Decision, ctx: RenderContext): string[] {
  const [best, ...others] = shownResources(decision, ctx);
  if (!best) return [];
  // A programme whose lifetime was just said by name is 「この制度」 here.
  const resource = saysLifetimeOf(decision, ctx) === best ? copy.thisProgramme : best.name;
  const summary = firstSentence(best.summary);
  // Found by a topic its documents cover (光熱費 in the labour guideline, whose summary speaks of long hours):
  // the asker is told the card covers their point, or the card reads as beside it.
  const first = decision.kind === "resources" ? decision.matches[0] : undefined;
  const topics = first?.resourceId === best.id ? (first.topics ?? []).slice(0, TOPICS_SAID) : [];
  const sentences = [
    topics.length > 0
      ? copy.answerText(ctx.catalog, "topic", { resource, topics: topics.map((t) => `「${t}」`).join("や"), summary })
      : copy.answerText(ctx.catalog, "resource", { resource, summary }),
  ];
  if (others.length > 0) sentences.push(copy.answerText(ctx.catalog, "related", { count: String(others.length) }));
  return sentences;
}

/** Whether the region asked about has help of its own here, or the nationwide help stands in. */
function regionSentences(regionId: string, decision: Decision, ctx: RenderContext): string[] {
  const region = ctx.catalog.regions.find((r) => r.id === regionId);
  if (!region) return [];
  const own = shownResources(decision, ctx).some((r) => r.region === regionId);
  return [copy.answerText(ctx.catalog, own ? "regionFirst" : "regionFallback", { region: region.name })];
}
