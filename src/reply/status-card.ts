import type { messagingApi } from "@line/bot-sdk";
import type { Contact, Resource } from "../catalog/schema.ts";
import { bubbleSize, button, notice, sectionTitle, text, vbox } from "./components.ts";
import { type PhoneLine, callAction, emailRows, endedContactRow, isAccepted, isEndedContact, phoneLineRows, phoneLines } from "./contact-lines.ts";
import type { RenderContext } from "./context.ts";
import * as copy from "./copy.ts";
import { allInquiries } from "./inquiries.ts";
import { formatMoment } from "./format.ts";
import { resourceAction } from "./postback-data.ts";
import { categoryAccent, colors } from "./theme.ts";

type FlexComponent = messagingApi.FlexComponent;
type EmailContact = Extract<Contact, { kind: "email" }>;

/**
 * Lines to show for "is it open now?": the numbers the user asked about first, then the
 * resource's other lines still accepted, then those that ended (a user may be asking about one
 * without typing it). Only this resource's lines, so a bubble never mixes two resources' statuses.
 */
export function statusLines(
  resource: Resource,
  askedContactIds: readonly string[],
  ctx: RenderContext,
): { asked: PhoneLine[]; others: PhoneLine[]; ended: PhoneLine[] } {
  const lines = phoneLines(resource, ctx);
  const asked = askedContactIds.flatMap((id) => lines.filter((l) => l.contact.id === id));
  const others = lines.filter((l) => !asked.includes(l) && isAccepted(l));
  const ended = lines.filter((l) => !asked.includes(l) && !isAccepted(l));
  return { asked, others, ended };
}

/** Compact card: the resource's phone lines with status badge, hours and when that changes. */
export function renderStatusCard(resource: Resource, askedContactIds: readonly string[], ctx: RenderContext): messagingApi.FlexBubble {
  const { asked, others, ended } = statusLines(resource, askedContactIds, ctx);
  const body: FlexComponent[] = asked.map((line) => phoneLineRows(line, { showNote: true }));
  if (asked.some((l) => !isAccepted(l))) {
    const pointer = others.length > 0 ? "代わりに次の番号をご利用ください。" : "この窓口で受け付けている電話番号は、ほかにありません。";
    body.push(text(`お尋ねの番号は受付を終了しています。${pointer}`, { weight: "bold" }));
  }
  body.push(...others.map((line) => phoneLineRows(line, { showNote: false })));
  if (asked.length + others.length === 0) body.push(...withoutAcceptedLines(resource, ctx));
  else if (ended.length > 0) body.push(vbox(ended.map((line) => endedContactRow(line.contact)), { spacing: "xs" }));
  const emails = resource.contacts.filter((c): c is EmailContact => c.kind === "email" && !isEndedContact(c, ctx.now));
  body.push(...emails.map(emailRows));
  body.push(notice(`${copy.momentNotice(formatMoment(ctx.now))}${copy.asOfNotice(ctx.catalog)}`));

  const accent = categoryAccent(ctx.catalog, resource.category);
  const call = [...asked, ...others].find(isAccepted);
  const footer: messagingApi.FlexButton[] = [];
  if (call) footer.push(button(callAction(call.contact), { style: "primary", color: accent }));
  footer.push(button({ ...resourceAction(resource), label: "詳しく見る" }, { style: "link" }));

  return {
    type: "bubble",
    size: bubbleSize,
    header: vbox([text(resource.name, { size: "md", weight: "bold", color: colors.onAccent })], { backgroundColor: accent, paddingAll: "12px" }),
    body: vbox(body, { spacing: "md" }),
    footer: vbox(footer, { spacing: "sm" }),
  };
}

/** No line to call: the ended ones say so; without any phone, point to where the release sends inquiries. */
function withoutAcceptedLines(resource: Resource, ctx: RenderContext): FlexComponent[] {
  const ended = phoneLines(resource, ctx);
  if (ended.length > 0) {
    return [...ended.map((line) => phoneLineRows(line, { showNote: false })), text("この窓口で受け付けている電話番号は、いまはありません。", { weight: "bold" })];
  }
  const referred = allInquiries(resource, ctx.catalog).map(({ role, target }) => text(`${role}：${target.name}`, { size: "sm" }));
  const rows: FlexComponent[] = [text("電話番号は公表されていません。")];
  if (referred.length > 0) rows.push(vbox([sectionTitle(copy.inquiriesTitle), ...referred], { spacing: "xs" }));
  return rows;
}
