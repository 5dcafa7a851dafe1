import type { messagingApi } from "@line/bot-sdk";
import type { OpeningStatus } from "../hours/opening.ts";
import { colors, statusColors } from "./theme.ts";

type FlexComponent = messagingApi.FlexComponent;
type FlexText = messagingApi.FlexText;
type FlexBox = messagingApi.FlexBox;

/**
 * One bubble size for every card, because a carousel needs its bubbles to share one. At 241 px the
 * next card of a carousel still peeks in on a 320 px wide phone, and a phone number fits on one line.
 */
export const bubbleSize = "hecto";

export function text(value: string, style: Omit<FlexText, "type" | "text"> = {}): FlexText {
  return { type: "text", text: value, wrap: true, color: colors.text, size: "sm", ...style };
}

export function smallNote(value: string): FlexText {
  return text(value, { size: "xxs", color: colors.faint });
}

/** Notices a reader must be able to read (the facts' date): normal size, body-text contrast. */
export function notice(value: string): FlexText {
  return text(value, { size: "xs", color: colors.subtext });
}

export function vbox(contents: FlexComponent[], style: Omit<FlexBox, "type" | "layout" | "contents"> = {}): FlexBox {
  return { type: "box", layout: "vertical", contents, ...style };
}

export function sectionTitle(value: string): FlexText {
  return text(value, { size: "xs", weight: "bold", color: colors.subtext });
}

export function separator(): messagingApi.FlexSeparator {
  return { type: "separator", color: colors.separator };
}

/** "受付中" etc. as a small coloured pill with white text. */
export function statusBadge(status: OpeningStatus, label: string): FlexBox {
  return {
    type: "box",
    layout: "vertical",
    flex: 0,
    backgroundColor: statusColors[status],
    cornerRadius: "md",
    paddingStart: "8px",
    paddingEnd: "8px",
    paddingTop: "2px",
    paddingBottom: "2px",
    justifyContent: "center",
    contents: [text(label, { size: "xs", weight: "bold", color: colors.onAccent, wrap: false })],
  };
}

/** A phone number on a line of its own: never wrapped inside (「0120-97-／0396」) and short enough never to be cut. */
export function phoneNumber(value: string, style: Omit<FlexText, "type" | "text"> = {}): FlexText {
  return text(value, { size: "md", weight: "bold", ...style, wrap: false });
}

export function button(action: messagingApi.Action, style: Omit<messagingApi.FlexButton, "type" | "action"> = {}): messagingApi.FlexButton {
  return { type: "button", action, height: "sm", style: "secondary", ...style };
}
