import { japanDateKey } from "../hours/holidays.ts";
import { askedSpan, coverage } from "../lifetime/asked-span.ts";
import * as copy from "./copy.ts";
import { isStale } from "./freshness.ts";
import type { LeadSource } from "./lead.ts";
import { saysLifetimeOf } from "./programme-lead.ts";

/**
 * A question that names a time (2024年, 令和6年度, 今年度, 最新) is first told the date of the data and what it
 * can say for that time. 最新 and 今も are about today: the data speaks for it until it is older than its review period.
 */
export const askedTimeLead: LeadSource = (decision, ctx) => {
  const asked = decision.time;
  if (asked === undefined) return [];
  // 「まだやってる？」 about one programme is answered by its own lifetime, which says more than the data's date.
  if (asked.kind === "current" && saysLifetimeOf(decision, ctx)) return [];
  if (asked.kind === "current") return [copy.askedTimeText(ctx.catalog, isStale(ctx.catalog, ctx.now) ? "later" : "covered", copy.askedTimeWords(undefined, undefined, false))];
  const span = askedSpan(asked, japanDateKey(ctx.now));
  return [copy.askedTimeText(ctx.catalog, coverage(span, ctx.catalog.asOf), copy.askedTimeWords(asked.written, span.year, span.fiscal))];
};
