import type { Resource } from "../catalog/schema.ts";
import type { DetailAspect } from "../understand/decision.ts";
import { isAccepted, phoneLines } from "./contact-lines.ts";
import { type RenderContext, resourceById } from "./context.ts";
import { inquiriesFor } from "./inquiries.ts";
import { lineLimits } from "./limits.ts";
import { reachableFirst } from "./line-words.ts";

/** Cards per detail answer, as for any answer about resources. */
const maxCards = 5;

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
  if (request.aspect !== "application") return subjects.slice(0, maxCards);
  // Where to apply: the lines that take applications come first, then what they are for.
  const places = subjects.flatMap((r) => inquiriesFor(r, request.region, ctx.catalog).map((q) => q.target));
  return unique([...places, ...subjects]).slice(0, maxCards);
}

function unique(resources: (Resource | undefined)[]): Resource[] {
  return [...new Set(resources.filter((r): r is Resource => r !== undefined))];
}
