import { japanDateKey } from "../hours/holidays.ts";
import { noticesAbout, noticesInForce } from "../lifetime/notices.ts";
import type { RenderContext } from "./context.ts";
import type { LeadSource } from "./lead.ts";
import { shownResources } from "./shown.ts";

/** The notices in force about the resources an answer shows, or about the whole catalog. */
export const noticeLead: LeadSource = (decision, ctx) => {
  const shown = new Set(shownResources(decision, ctx).map((r) => r.id));
  return noticesAbout(noticesInForce(ctx.catalog.notices, japanDateKey(ctx.now)), shown).map((n) => n.text);
};

/** Every notice in force, for the welcome: a new friend has not asked about anything yet. */
export function welcomeNotices(ctx: RenderContext): string[] {
  return noticesInForce(ctx.catalog.notices, japanDateKey(ctx.now)).map((n) => n.text);
}
