import type { messagingApi } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import type { Catalog, Contact, PhoneContact, Resource } from "../catalog/schema.ts";
import { japanDateKey } from "../hours/holidays.ts";
import { type LineOpening, lineOpening } from "../hours/opening.ts";
import { button, phoneNumber, smallNote, statusBadge, text, vbox } from "./components.ts";
import { type RenderContext, oncePerMinute } from "./context.ts";
import * as copy from "./copy.ts";
import { telUri } from "./format.ts";
import { isStale } from "./freshness.ts";
import { colors } from "./theme.ts";

export interface PhoneLine {
  contact: PhoneContact;
  opening: LineOpening;
  /** What is said next to the badge: the detail, qualified by the hours' date when the facts are old. */
  statusText: string;
  /** Whether statusText names the status itself (qualified, or with a reason), so a summary does not repeat it. */
  saysStatus: boolean;
  /** The source's 年末年始 rule in words, when it states one. */
  yearEndText?: string;
}

/** The day a line's hours were known to hold: its own, its resource's, else the catalog's. */
export function hoursAsOf(resource: Resource, contact: PhoneContact, catalog: Catalog): string {
  return contact.hours?.asOf ?? resource.asOf ?? catalog.asOf;
}

/**
 * The resource's phone lines with their status at the reply's instant, in the catalog's order. A reply asks for
 * them many times (what it shows, its sentences, its cards) and each status looks days ahead: made once a minute.
 */
export const phoneLines: (resource: Resource, ctx: RenderContext) => PhoneLine[] = oncePerMinute((resource, ctx) => linesAt(resource, ctx));

function linesAt(resource: Resource, ctx: RenderContext): PhoneLine[] {
  const { catalog, now } = ctx;
  const words = copy.openingWords(catalog);
  return resource.contacts
    .filter((c): c is PhoneContact => c.kind === "phone")
    .map((contact) => {
      const opening = lineOpening(contact, now, words);
      const asOf = hoursAsOf(resource, contact, catalog);
      // An end date is a fact of its own, not one of the published hours: it needs no qualifying.
      // Nor does "unknown": 「2020年3月時点の受付時間では受付時間不明」 says nothing more.
      const qualified = isStale({ asOf, reviewAfterDays: catalog.reviewAfterDays }, now) && opening.status !== "ended" && opening.status !== "unknown";
      const statusText = copy.lineStatusText(opening, qualified ? catalog : undefined, asOf);
      const yearEndText = copy.yearEndText(contact.hours?.yearEnd, catalog);
      return { contact, opening, statusText, saysStatus: qualified || opening.reason !== undefined, ...(yearEndText ? { yearEndText } : {}) };
    });
}

export const isAccepted = (line: PhoneLine): boolean => line.opening.status !== "ended";

/** Whether a contact stopped being accepted (phones by their opening, e-mail by validUntil). */
export function isEndedContact(contact: Contact, now: DateTime): boolean {
  return contact.validUntil !== undefined && japanDateKey(now) > contact.validUntil;
}

/** Label with the status badge, then the number on a line of its own, published hours and when it closes or next opens. */
export function phoneLineRows(line: PhoneLine, options: { showNote: boolean }): messagingApi.FlexBox {
  const { contact, opening } = line;
  const ended = opening.status === "ended";
  const rows: messagingApi.FlexComponent[] = [
    labelWithBadge(line),
    phoneNumber(contact.value, ended ? { color: colors.faint, decoration: "line-through" } : {}),
  ];
  if (contact.hours && !ended) {
    rows.push(text(copy.hoursText(contact.hours.text), { size: "xs", color: colors.subtext }));
    if (line.yearEndText) rows.push(text(line.yearEndText, { size: "xs", color: colors.subtext }));
  }
  rows.push(text(line.statusText, { size: "xs", color: ended ? colors.faint : colors.text }));
  if (options.showNote && contact.note && !ended) rows.push(smallNote(contact.note));
  return vbox(rows, { spacing: "xs" });
}

function labelWithBadge({ contact, opening }: PhoneLine): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "horizontal",
    spacing: "sm",
    alignItems: "center",
    contents: [text(contact.label, { flex: 1, size: "xs", color: colors.subtext }), statusBadge(opening.status, opening.label)],
  };
}

/** An ended number in one short line, below the live ones: the number struck through, then why. */
export function endedContactRow(contact: Contact): messagingApi.FlexBox {
  return {
    type: "box",
    layout: "baseline",
    spacing: "sm",
    contents: [
      text(contact.value, { flex: 0, size: "xs", color: colors.faint, decoration: "line-through", wrap: false }),
      text(contact.kind === "phone" ? "以前の番号（受付終了）" : "以前のアドレス（受付終了）", { flex: 1, size: "xxs", color: colors.faint }),
    ],
  };
}

/** The address, and a button that copies it: LINE's URI action allows no mailto. */
export function emailRows(contact: Extract<Contact, { kind: "email" }>): messagingApi.FlexBox {
  return vbox(
    [
      text(contact.label, { size: "xs", color: colors.subtext }),
      text(contact.value, { size: "sm" }),
      button({ type: "clipboard", label: "メールアドレスをコピー", clipboardText: contact.value }, { style: "link" }),
    ],
    { spacing: "xs" },
  );
}

export function callAction(contact: PhoneContact): messagingApi.URIAction {
  return { type: "uri", label: `${contact.value} に電話`, uri: telUri(contact.value) };
}
