import type { Resource } from "../catalog/schema.ts";
import type { Decision } from "../understand/decision.ts";
import type { RenderContext } from "./context.ts";
import { resourceById } from "./context.ts";
import * as copy from "./copy.ts";
import type { LeadSource } from "./lead.ts";
import { programmeLine, stateOf } from "./programme-line.ts";
import { bestMatch, shownResources } from "./shown.ts";

/**
 * The lifetime of the resource an answer is about, when that is a programme (its deadline, its end, or that it
 * may have changed): named, unless a detail about it has just named it. A list says how many of its programmes
 * have ended after it says what it lists (programmesEndedLead).
 */
export const programmeLead: LeadSource = (decision, ctx) => {
  // A question about the period itself is answered with it already (detail-sentences.ts).
  if (decision.kind === "category" || (decision.kind === "detail" && decision.aspect === "period")) return [];
  const subject = lifetimeSubject(decision, ctx);
  const named = decision.kind === "detail" && decision.resourceIds.length === 1;
  const line = subject && programmeLine(subject, ctx, named ? "this" : "byName");
  return line ? [line] : [];
};

/** For a list, how many of its programmes have ended: 「このうち2件は、申請受付を終了しています。」 */
export const programmesEndedLead: LeadSource = (decision, ctx) => {
  if (decision.kind !== "category") return [];
  const states = shownResources(decision, ctx).flatMap((r) => stateOf(r, ctx) ?? []);
  const ended = states.filter((s) => s.kind === "ended").length;
  return ended > 0 ? [copy.programmesEndedText(ctx.catalog, ended, states.length)] : [];
};

/** The resource an answer is about: the best match (where to apply may be shown before it), else the first resource shown. */
function lifetimeSubject(decision: Decision, ctx: RenderContext): Resource | undefined {
  const best = decision.kind === "resources" ? bestMatch(decision.matches) : undefined;
  return best ? resourceById(ctx.catalog, best.resourceId) : shownResources(decision, ctx)[0];
}

/** Whether the answer opens with a programme's lifetime (then the sentences after it call the programme 「この制度」). */
export function saysLifetimeOf(decision: Decision, ctx: RenderContext): Resource | undefined {
  if (decision.kind === "category") return undefined;
  const subject = lifetimeSubject(decision, ctx);
  return subject && programmeLine(subject, ctx, "byName") !== undefined ? subject : undefined;
}
