import type { Resource } from "../catalog/schema.ts";
import { isProgramme } from "../catalog/warnings.ts";
import { japanDateKey } from "../hours/holidays.ts";
import { type ProgrammeState, programmeState } from "../lifetime/programme-state.ts";
import type { RenderContext } from "./context.ts";
import * as copy from "./copy.ts";
import { isStale } from "./freshness.ts";

/** The lifetime of a resource that is a programme, on the day of the reply; undefined for any other resource. */
export function stateOf(resource: Resource, ctx: RenderContext): ProgrammeState | undefined {
  return isProgramme(ctx.catalog, resource) ? programmeState(resource, japanDateKey(ctx.now)) : undefined;
}

/**
 * What the card and the first sentence say of a programme's lifetime: its deadline, the day it opens or ended,
 * or, when no source states it and the data is old, that it may have changed. Undefined when there is nothing to say.
 * `refer`: "byName" where it is first mentioned; "this" (「この制度」) on its own card or after a sentence that named it.
 */
export function programmeLine(resource: Resource, ctx: RenderContext, refer: "byName" | "this"): string | undefined {
  const state = stateOf(resource, ctx);
  const programme = refer === "this" ? copy.thisProgramme : resource.name;
  switch (state?.kind) {
    case "open":
      return copy.programmeDeadlineText(ctx.catalog, programme, state.until);
    case "upcoming":
      return copy.programmeOpensText(ctx.catalog, programme, state.from);
    case "ended":
      return copy.programmeEndedText(ctx.catalog, programme, state.on, state.source.title);
    case "unknown":
      return isStale(ctx.catalog, ctx.now) ? copy.programmeUnknownText(ctx.catalog, programme) : undefined;
    case undefined:
      return undefined;
  }
}

/** Programmes that may still be open first, those that have ended last; otherwise the order given. */
export function openFirst(resources: Resource[], ctx: RenderContext): Resource[] {
  const ended = (r: Resource) => (stateOf(r, ctx)?.kind === "ended" ? 1 : 0);
  return resources.map((r) => ({ r, rank: ended(r) })).sort((a, b) => a.rank - b.rank).map(({ r }) => r);
}
