import type { messagingApi } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import type { Contact, PhoneContact, Resource } from "../catalog/schema.ts";
import { japanDateKey } from "../hours/holidays.ts";
import { type LineOpening, lineOpening } from "../hours/opening.ts";
import { smallNote, statusBadge, text, vbox } from "./components.ts";
import { formatIsoDate, telUri } from "./format.ts";
import { colors } from "./theme.ts";

export interface PhoneLine {
  contact: PhoneContact;
  opening: LineOpening;
}

export function phoneLines(resource: Resource, now: DateTime): PhoneLine[] {
  return resource.contacts
    .filter((c): c is PhoneContact => c.kind === "phone")
    .map((contact) => ({ contact, opening: lineOpening(contact, now) }));
}

export const isAccepted = (line: PhoneLine): boolean => line.opening.status !== "ended";

/** Whether a contact stopped being accepted (phones by their opening, e-mail by validUntil). */
export function isEndedContact(contact: Contact, now: DateTime): boolean {
  return contact.validUntil !== undefined && japanDateKey(now) > contact.validUntil;
}

/** Label, number with its status badge, published hours and when it closes or next opens. */
export function phoneLineRows(line: PhoneLine, options: { showNote: boolean }): messagingApi.FlexBox {
  const { contact, opening } = line;
  const ended = opening.status === "ended";
  const rows: messagingApi.FlexComponent[] = [
    text(contact.label, { size: "xs", color: colors.subtext }),
    numberWithBadge(line),
  ];
  if (contact.hours && !ended) rows.push(text(`受付時間 ${contact.hours.text}`, { size: "xs", color: colors.subtext }));
  rows.push(text(opening.detail, { size: "xs", color: ended ? colors.faint : colors.text }));
  if (options.showNote && contact.note && !ended) rows.push(smallNote(contact.note));
  return vbox(rows, { spacing: "xs" });
}

function numberWithBadge({ contact, opening }: PhoneLine): messagingApi.FlexBox {
  const ended = opening.status === "ended";
  return {
    type: "box",
    layout: "horizontal",
    spacing: "md",
    alignItems: "center",
    contents: [
      text(contact.value, {
        flex: 1,
        size: "md",
        weight: "bold",
        wrap: false,
        ...(ended ? { color: colors.faint, decoration: "line-through" as const } : {}),
      }),
      statusBadge(opening.status, opening.label),
    ],
  };
}

export function emailRows(contact: Extract<Contact, { kind: "email" }>): messagingApi.FlexBox {
  // Plain text: mailto is not an allowed URI scheme in LINE actions.
  return vbox([text(contact.label, { size: "xs", color: colors.subtext }), text(contact.value, { size: "sm" })], { spacing: "xs" });
}

export function endedDetail(contact: Contact): string {
  return contact.validUntil ? `${formatIsoDate(contact.validUntil)}で受付を終了しました` : "受付を終了しました";
}

export function callAction(contact: PhoneContact): messagingApi.URIAction {
  return { type: "uri", label: `${contact.value} に電話`, uri: telUri(contact.value) };
}
