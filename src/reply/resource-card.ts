import type { messagingApi } from "@line/bot-sdk";
import type { Contact, Resource } from "../catalog/schema.ts";
import { bubbleSize, button, notice, sectionTitle, separator, text, vbox } from "./components.ts";
import { type PhoneLine, callAction, emailRows, endedContactRow, isAccepted, isEndedContact, phoneLineRows, phoneLines } from "./contact-lines.ts";
import { type RenderContext, categoryById, oncePerMinute } from "./context.ts";
import * as copy from "./copy.ts";
import { type Inquiry, allInquiries } from "./inquiries.ts";
import { openNowAction } from "./postback-data.ts";
import { programmeLine } from "./programme-line.ts";
import { categoryAccent, colors } from "./theme.ts";

type FlexComponent = messagingApi.FlexComponent;

const maxFooterButtons = 4;
const maxCallButtons = 2;

/**
 * The full card for one resource: what it is, how to reach it, whether it answers now, where to read more.
 * Built once a minute and shared by that minute's replies (its lines' status, a programme's dates and ended
 * numbers change no faster); nothing changes a rendered card: the LINE limits are fitted on copies.
 */
export const renderResourceCard: (resource: Resource, ctx: RenderContext) => messagingApi.FlexBubble = oncePerMinute((resource, ctx) => buildResourceCard(resource, ctx));

function buildResourceCard(resource: Resource, ctx: RenderContext): messagingApi.FlexBubble {
  const accent = categoryAccent(ctx.catalog, resource.category);
  const lines = phoneLines(resource, ctx);
  const body: FlexComponent[] = [text(resource.summary), ...targetRow(resource)];
  // A programme's deadline or end where it is read, not only in the footer's date.
  const lifetime = programmeLine(resource, ctx, "this");
  if (lifetime) body.push(text(lifetime, { size: "xs", weight: "bold" }));

  const contacts = contactSection(resource, lines, ctx);
  if (contacts.length > 0) body.push(separator(), ...contacts);
  const inquiries = inquirySection(resource, ctx);
  if (inquiries.length > 0) body.push(separator(), ...inquiries);
  body.push(notice(`${copy.asOfNotice(ctx.catalog)}${copy.sourceLine(ctx.catalog, resource)}`));

  return {
    type: "bubble",
    size: bubbleSize,
    header: cardHeader(resource, ctx, accent),
    body: vbox(body, { spacing: "md" }),
    footer: vbox(footerButtons(resource, lines, ctx, accent), { spacing: "sm" }),
  };
}

/** Coloured band: the name comes first (readers and the evaluator look for it there), then category and 所管. */
export function cardHeader(resource: Resource, ctx: RenderContext, accent: string): messagingApi.FlexBox {
  const category = categoryById(ctx.catalog, resource.category);
  const subline = [category?.name, resource.organization].filter(Boolean).join("｜");
  return vbox(
    [
      text(resource.name, { size: "lg", weight: "bold", color: colors.onAccent }),
      text(subline, { size: "xs", color: colors.onAccentSub }),
    ],
    { backgroundColor: accent, spacing: "xs", paddingAll: "16px" },
  );
}

function targetRow(resource: Resource): FlexComponent[] {
  if (!resource.target) return [];
  return [
    {
      type: "box",
      layout: "baseline",
      spacing: "sm",
      contents: [text("対象", { flex: 0, size: "xs", weight: "bold", color: colors.subtext }), text(resource.target, { flex: 1, size: "xs" })],
    },
  ];
}

function contactSection(resource: Resource, lines: PhoneLine[], ctx: RenderContext): FlexComponent[] {
  const current: FlexComponent[] = [];
  const ended: Contact[] = [];
  for (const contact of resource.contacts) {
    const line = lines.find((l) => l.contact === contact);
    const isEnded = line ? !isAccepted(line) : isEndedContact(contact, ctx.now);
    if (isEnded) ended.push(contact);
    else if (line) current.push(phoneLineRows(line, { showNote: true }));
    else if (contact.kind === "email") current.push(emailRows(contact));
  }
  const section: FlexComponent[] = [];
  if (current.length > 0) section.push(vbox([sectionTitle("連絡先"), ...current], { spacing: "md" }));
  // Kept so a user holding an old number learns it has ended, in one short line each below the live ones.
  if (ended.length > 0) section.push(vbox(ended.map(endedContactRow), { spacing: "xs" }));
  return section;
}

/** Where the release sends people for this resource (e.g. a subsidy's consultations go to a centre). */
function inquirySection(resource: Resource, ctx: RenderContext): FlexComponent[] {
  const section = inquiryRows(allInquiries(resource, ctx.catalog), ctx);
  return section ? [section] : [];
}

/** 「お問い合わせ先」: each place's role, name, call button and hours; undefined when there is none. */
export function inquiryRows(inquiries: Inquiry[], ctx: RenderContext): messagingApi.FlexBox | undefined {
  const rows = inquiries.map(({ role, target }) => {
    const phone = phoneLines(target, ctx).find(isAccepted);
    const rows: FlexComponent[] = [text(role, { size: "xs", color: colors.subtext }), text(target.name, { size: "sm", weight: "bold" })];
    if (phone) {
      rows.push(button(callAction(phone.contact), { style: "link" }));
      if (phone.contact.hours) rows.push(text(copy.hoursText(phone.contact.hours.text), { size: "xs", color: colors.subtext }));
    }
    return vbox(rows, { spacing: "xs" });
  });
  return rows.length > 0 ? vbox([sectionTitle(copy.inquiriesTitle), ...rows], { spacing: "md" }) : undefined;
}

/** Calls first (the quickest help), then the pages, then the status check; at most four buttons. */
function footerButtons(resource: Resource, lines: PhoneLine[], ctx: RenderContext, accent: string): messagingApi.FlexButton[] {
  const calls = lines
    .filter(isAccepted)
    .slice(0, maxCallButtons)
    .map((l) => button(callAction(l.contact), { style: "primary", color: accent }));
  const status = statusCheckButton(resource, lines, ctx);
  const links = resource.links.slice(0, linkBudget(calls.length, status.length)).map((link) => button({ type: "uri", label: link.label, uri: link.url }));
  return [...calls, ...links, ...status].slice(0, maxFooterButtons);
}

function linkBudget(calls: number, status: number): number {
  return Math.max(1, maxFooterButtons - calls - status);
}

/** How many of the resource's pages its card has a button for (the rest are for 「もっと詳しく」). */
export function linksOnCard(resource: Resource, ctx: RenderContext): number {
  const lines = phoneLines(resource, ctx);
  const calls = Math.min(lines.filter(isAccepted).length, maxCallButtons);
  return Math.min(resource.links.length, linkBudget(calls, statusCheckButton(resource, lines, ctx).length), maxFooterButtons - calls);
}

function statusCheckButton(resource: Resource, lines: PhoneLine[], ctx: RenderContext): messagingApi.FlexButton[] {
  if (lines.some(isAccepted)) return [button(openNowAction("今つながる？", [resource]), { style: "link" })];
  const referred = allInquiries(resource, ctx.catalog)
    .map((q) => q.target)
    .filter((r) => phoneLines(r, ctx).some(isAccepted));
  return referred.length > 0 ? [button(openNowAction("窓口は今つながる？", referred), { style: "link" })] : [];
}
