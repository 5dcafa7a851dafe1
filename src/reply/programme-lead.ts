import type { Decision } from "../understand/decision.ts";
import type { RenderContext } from "./context.ts";
import * as copy from "./copy.ts";
import type { LeadSource } from "./lead.ts";
import { programmeLine, stateOf } from "./programme-line.ts";
import { resourceById } from "./context.ts";
import { shownResources } from "./shown.ts";

/**
 * The lifetime of the resource an answer is about, when that is a programme (its deadline, its end, or that it
 * may have changed). A list says how many of its programmes have ended after it says what it lists
 * (programmesEndedLead).
 */
export const programmeLead: LeadSource = (decision, ctx) => {
  // A question about the period itself is answered with it already (detail-sentences.ts).
  if (decision.kind === "category" || (decision.kind === "detail" && decision.aspect === "period")) return [];
  const line = subjectLine(decision, ctx);
  return line ? [line] : [];
};

/** For a list, how many of its programmes have ended: 「このうち2件は、申請受付を終了しています。」 */
export const programmesEndedLead: LeadSource = (decision, ctx) => {
  if (decision.kind !== "category") return [];
  const states = shownResources(decision, ctx).flatMap((r) => stateOf(r, ctx) ?? []);
  const ended = states.filter((s) => s.kind === "ended").length;
  return ended > 0 ? [copy.programmesEndedText(ctx.catalog, ended, states.length)] : [];
};

/**
 * What is said of the lifetime of the resource an answer is about: the best match (where to apply may be shown
 * before it), else the first resource shown. Undefined when that is not a programme or there is nothing to say.
 */
export function subjectLine(decision: Decision, ctx: RenderContext): string | undefined {
  const best = decision.kind === "resources" ? decision.matches.reduce<(typeof decision.matches)[number] | undefined>((a, m) => (a && a.score >= m.score ? a : m), undefined) : undefined;
  const subject = best ? resourceById(ctx.catalog, best.resourceId) : shownResources(decision, ctx)[0];
  return subject && programmeLine(subject, ctx, "sentence");
}
