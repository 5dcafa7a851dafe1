import type { Resource } from "../catalog/schema.ts";
import type { Decision, DetailAspect, ResourceMatch } from "../understand/decision.ts";
import { isAccepted, phoneLines } from "./contact-lines.ts";
import { type RenderContext, resourceById } from "./context.ts";
import { allInquiries, inquiriesFor } from "./inquiries.ts";
import { lineLimits } from "./limits.ts";
import { reachableFirst } from "./line-words.ts";
import { openFirst } from "./programme-line.ts";

// What each answer shows, in the order the user sees it: the renderer draws these, the sentences speak of
// them, and the conversation remembers them.

/** Cards per answer: enough for a best match and its cross-references, few enough to scan on a phone. */
export const maxResourceCards = 5;

export function shownResources(decision: Decision, ctx: RenderContext): Resource[] {
  switch (decision.kind) {
    case "category":
      return categoryMembers(decision.categoryId, decision.region, ctx, decision.pointedAt);
    case "resources":
      return resourcesShown(decision.matches, decision.region, ctx);
    case "openNow":
      return decision.resourceIds.length === 0 ? allLinesShown(ctx) : openNowShown(decision.resourceIds, ctx);
    case "detail":
      return detailShown(decision, ctx);
    case "region":
      return listedResources(decision.resourceIds, ctx);
    case "referral":
      return referralShown(decision.resourceId, ctx);
    case "clarify":
      return listedResources(decision.matches.map((m) => m.resourceId), ctx);
    case "greeting":
    case "noMatch":
    case "chatter":
      return [];
  }
}

/** The place that takes any question of the domain, then the catalog's general reading (voice.referral.guides). */
export function referralShown(resourceId: string, ctx: RenderContext): Resource[] {
  const guides = ctx.catalog.voice.referral?.resource === resourceId ? (ctx.catalog.voice.referral.guides ?? []) : [];
  return listedResources([resourceId, ...guides], ctx);
}

/** The members the question singles out first; then by region, with programmes that may still be open before ended ones. */
export function categoryMembers(categoryId: string, region: string | undefined, ctx: RenderContext, pointedAt: string[] = []): Resource[] {
  const members = ctx.catalog.resources.filter((r) => r.category === categoryId);
  const pointed = pointedAt.flatMap((id) => members.filter((r) => r.id === id));
  const rest = orderByRegion(openFirst(members.filter((r) => !pointed.includes(r)), ctx), region);
  return [...pointed, ...rest].slice(0, lineLimits.bubblesPerCarousel);
}

/** Nationwide resources first, then regional ones; the user's own region goes to the very front. */
export function orderByRegion(resources: Resource[], region: string | undefined): Resource[] {
  const rank = (r: Resource) => (r.region === undefined ? 1 : r.region === region ? 0 : 2);
  return resources.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map(({ r }) => r);
}

/** The best match: the highest score, the first of equals. */
export function bestMatch(matches: readonly ResourceMatch[]): ResourceMatch | undefined {
  return matches.reduce<ResourceMatch | undefined>((best, m) => (best === undefined || m.score > best.score ? m : best), undefined);
}

export function resourcesShown(matches: ResourceMatch[], region: string | undefined, ctx: RenderContext): Resource[] {
  const matched = unique(matches.map((m) => resourceById(ctx.catalog, m.resourceId)));
  const [best] = matched;
  if (!best) return [];
  // The best match's cross-references (where to consult or apply) follow when there is room.
  const referred = inquiriesFor(best, region, ctx.catalog).map((q) => q.target);
  return unique([...matched.slice(0, maxResourceCards), ...referred]).slice(0, maxResourceCards);
}

export function openNowShown(resourceIds: string[], ctx: RenderContext): Resource[] {
  const asked = unique(resourceIds.map((id) => resourceById(ctx.catalog, id)));
  return unique(asked.flatMap((r) => [r, ...referredPhones(r, ctx)])).slice(0, lineLimits.bubblesPerCarousel);
}

/** A resource without its own phone (e.g. a subsidy) is followed by the lines it refers to. */
function referredPhones(resource: Resource, ctx: RenderContext): Resource[] {
  if (phoneLines(resource, ctx).length > 0) return [];
  const referred = unique(allInquiries(resource, ctx.catalog).map((q) => q.target));
  return referred.filter((r) => phoneLines(r, ctx).length > 0);
}

/** 「今つながる窓口は？」 with nothing named: every line with published hours, open ones first (as after a list). */
export function allLinesShown(ctx: RenderContext): Resource[] {
  const withHours = ctx.catalog.resources.filter((r) => phoneLines(r, ctx).some((l) => l.contact.hours && isAccepted(l)));
  return reachableFirst(orderByRegion(withHours, undefined), ctx).slice(0, lineLimits.bubblesPerCarousel);
}

export function listedResources(resourceIds: string[], ctx: RenderContext): Resource[] {
  return unique(resourceIds.map((id) => resourceById(ctx.catalog, id))).slice(0, maxResourceCards);
}

export interface DetailRequest {
  aspect: DetailAspect;
  resourceIds: string[];
  region?: string;
}

export const isLineAspect = (aspect: DetailAspect): boolean => aspect === "status" || aspect === "hours" || aspect === "phone";

const hasLine = (resource: Resource, ctx: RenderContext) => phoneLines(resource, ctx).some(isAccepted);

export function subjectsOf(request: DetailRequest, ctx: RenderContext): Resource[] {
  return unique(request.resourceIds.map((id) => resourceById(ctx.catalog, id)));
}

/**
 * The lines behind what was asked about: each resource's own, or, for one without a line (a programme),
 * the lines the source sends its inquiries to. Open ones first; resources with no line at all are left
 * out, unless none has one (then the cards say so).
 */
export function linesBehind(request: DetailRequest, ctx: RenderContext): Resource[] {
  const subjects = subjectsOf(request, ctx);
  const behind = unique(
    subjects.flatMap((r) => (hasLine(r, ctx) ? [r] : inquiriesFor(r, request.region, ctx.catalog).map((q) => q.target).filter((t) => hasLine(t, ctx)))),
  );
  return (behind.length > 0 ? reachableFirst(behind, ctx) : subjects).slice(0, lineLimits.bubblesPerCarousel);
}

/** The cards a detail answer shows, in order: what the conversation remembers. */
export function detailShown(request: DetailRequest, ctx: RenderContext): Resource[] {
  if (isLineAspect(request.aspect)) return linesBehind(request, ctx);
  const subjects = subjectsOf(request, ctx);
  if (request.aspect !== "application") return subjects.slice(0, maxResourceCards);
  // Where to apply: the lines that take applications come first, then what they are for.
  const places = subjects.flatMap((r) => inquiriesFor(r, request.region, ctx.catalog).map((q) => q.target));
  return unique([...places, ...subjects]).slice(0, maxResourceCards);
}

export function unique(resources: (Resource | undefined)[]): Resource[] {
  return [...new Set(resources.filter((r): r is Resource => r !== undefined))];
}
