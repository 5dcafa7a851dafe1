import type { messagingApi } from "@line/bot-sdk";

type Action = messagingApi.Action;
type FlexComponent = messagingApi.FlexComponent;
type FlexBox = messagingApi.FlexBox;
type FlexBubble = messagingApi.FlexBubble;

/** A reply as terminal text, with what each key (numbers for quick replies, letters for card buttons) taps. */
export interface TextReply {
  text: string;
  taps: Map<string, Action>;
}

const INDENT = "  ";
const RULE = "─".repeat(24);

/** a, b, …, z, aa, ab, … */
function letterKey(index: number): string {
  const letter = String.fromCharCode(97 + (index % 26));
  return index < 26 ? letter : letterKey(Math.floor(index / 26) - 1) + letter;
}

/** Collects tappable card buttons in reading order and hands out their keys. */
class TapCollector {
  readonly taps = new Map<string, Action>();
  private cardButtons = 0;

  cardButton(action: Action): string {
    const key = letterKey(this.cardButtons++);
    this.taps.set(key, action);
    return key;
  }
}

function isTappable(action: Action | undefined): action is messagingApi.PostbackAction | messagingApi.MessageAction {
  return action?.type === "postback" || action?.type === "message";
}

function textOf(component: messagingApi.FlexText): string {
  const value = component.contents?.length ? component.contents.map((span) => span.text).join("") : (component.text ?? "");
  // A struck-through number is one that no longer works; keep that visible without colour.
  return component.decoration === "line-through" ? `~~${value}~~` : value;
}

function describeAction(action: Action | undefined, tapKey: string | null): string {
  const label = action?.label ?? "";
  if (tapKey) return `[${tapKey}] ${label}`;
  if (action?.type === "uri") return `→ ${label} (${action.uri})`;
  if (action?.type === "clipboard") return `→ ${label} (${action.clipboardText})`;
  return `・ ${label}`;
}

/** A coloured box with one short text, placed in a row, reads as a status badge: "[受付中]". */
function badgeText(box: FlexBox, inRow: boolean): string | null {
  const [only] = box.contents;
  if (!inRow || !box.backgroundColor || box.contents.length !== 1 || only?.type !== "text") return null;
  const value = textOf(only);
  return value.length <= 12 ? `[${value}]` : null;
}

function renderButton(button: messagingApi.FlexButton, collector: TapCollector): string {
  return describeAction(button.action, isTappable(button.action) ? collector.cardButton(button.action) : null);
}

/** One component as lines: vertical boxes stack, horizontal and baseline boxes share one line. */
function renderComponent(component: FlexComponent, collector: TapCollector, inRow = false): string[] {
  switch (component.type) {
    case "text":
      return [textOf(component)];
    case "button":
      return [renderButton(component, collector)];
    case "separator":
      return [RULE];
    case "image":
      return [`[画像] ${component.url}`];
    case "box": {
      const badge = badgeText(component, inRow);
      if (badge) return [badge];
      const row = component.layout !== "vertical";
      const parts = component.contents.map((child) => renderComponent(child, collector, row).filter((line) => line !== ""));
      if (!row) return parts.flat();
      const joined = parts.map((lines) => lines.join(" ")).filter((part) => part !== "" && part !== RULE);
      return joined.length > 0 ? [joined.join("  ")] : [];
    }
    default:
      return [];
  }
}

/** The card title: the header's first line, or else a bold text opening the body. */
function splitTitle(bubble: FlexBubble): { title: string | null; body: FlexBubble["body"] } {
  const first = bubble.body?.contents[0];
  if (bubble.header || !bubble.body || first?.type !== "text" || first.weight !== "bold") return { title: null, body: bubble.body };
  return { title: textOf(first), body: { ...bubble.body, contents: bubble.body.contents.slice(1) } };
}

function renderBubble(bubble: FlexBubble, collector: TapCollector): string[] {
  const lines: string[] = [];
  const { title: bodyTitle, body } = splitTitle(bubble);
  const [title, ...subtitles] = bubble.header ? renderComponent(bubble.header, collector) : bodyTitle ? [bodyTitle] : [];
  if (title !== undefined) lines.push(`【${title}】`, ...subtitles.map((l) => INDENT + l));
  for (const block of [bubble.hero, body, bubble.footer]) {
    if (block) lines.push(...renderComponent(block, collector).map((l) => INDENT + l));
  }
  return lines;
}

function renderFlex(message: messagingApi.FlexMessage, collector: TapCollector): string[] {
  const { contents } = message;
  if (contents.type === "bubble") return renderBubble(contents, collector);
  return contents.contents.flatMap((bubble, i) => [
    ...(i > 0 ? [""] : []),
    `(${i + 1}/${contents.contents.length})`,
    ...renderBubble(bubble, collector),
  ]);
}

function renderQuickReplies(items: messagingApi.QuickReplyItem[], taps: Map<string, Action>): string[] {
  const chips = items.flatMap((item, i) => {
    if (!item.action) return [];
    const key = String(i + 1);
    if (isTappable(item.action)) {
      taps.set(key, item.action);
      return [`[${key}] ${item.action.label ?? ""}`];
    }
    return [describeAction(item.action, null)];
  });
  return chips.length > 0 ? ["", `候補（番号を入力するとタップできます）: ${chips.join("  ")}`] : [];
}

/** Renders the messages of one reply as readable text, the way the terminal chat prints them. */
export function renderReplyText(messages: messagingApi.Message[]): TextReply {
  const collector = new TapCollector();
  const blocks = messages.map((message): string[] => {
    switch (message.type) {
      case "text":
        return message.text.split("\n");
      case "flex":
        return renderFlex(message, collector);
      default:
        return [`[${message.type} メッセージ]`];
    }
  });
  const lines = blocks.flatMap((block, i) => [...(i > 0 ? [""] : []), ...block]);
  // As in LINE, only the last message's quick reply is offered.
  lines.push(...renderQuickReplies(messages.at(-1)?.quickReply?.items ?? [], collector.taps));
  return { text: lines.join("\n"), taps: collector.taps };
}
