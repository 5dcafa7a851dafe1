import type { messagingApi } from "@line/bot-sdk";

type Message = messagingApi.Message;
type Action = messagingApi.Action;
type FlexBubble = messagingApi.FlexBubble;
type FlexComponent = messagingApi.FlexComponent;
type FlexBox = messagingApi.FlexBox;

/**
 * LINE Messaging API limits (docs/line-platform.md §3.1, §5–7). Lengths are UTF-16 code units;
 * where LINE counts grapheme clusters (action labels, displayText) a UTF-16 cap is stricter,
 * so one rule serves both. KB is read as 1000 bytes of compact UTF-8 JSON, the stricter reading.
 */
export const lineLimits = {
  messagesPerReply: 5,
  textLength: 5000,
  altTextLength: 1500,
  bubblesPerCarousel: 12,
  bubbleBytes: 30_000,
  carouselBytes: 50_000,
  quickReplyItems: 13,
  quickReplyLabel: 20,
  flexActionLabel: 40,
  postbackData: 300,
  displayText: 300,
  messageActionText: 300,
  uriLength: 1000,
} as const;

const allowedUriScheme = /^(https?|tel|line):/i;
const ellipsis = "…";
const graphemes = new Intl.Segmenter("ja", { granularity: "grapheme" });

/** Cuts text to at most maxUnits UTF-16 units at a grapheme boundary, marking the cut with "…". */
export function fitText(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  const budget = maxUnits - ellipsis.length;
  let kept = "";
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > budget) break;
    kept += segment;
  }
  return kept + ellipsis;
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

// A fitted reply's JSON, made while its bytes were counted: the body sent is that string, not a new one.
const serialised = new WeakMap<readonly Message[], string>();

/** JSON.stringify(messages), once per messages array. */
export function messagesJson(messages: readonly Message[]): string {
  let json = serialised.get(messages);
  if (json === undefined) {
    json = JSON.stringify(messages);
    serialised.set(messages, json);
  }
  return json;
}

/**
 * Whether bytes are counted per bubble and carousel. Unchecked, a reply is fitted as if no limit of bytes
 * applied; `sizeKeyBytes` notes the most a bubble's size key took before its carousel's size replaced it.
 */
interface ByteCheck {
  checked: boolean;
  sizeKeyBytes: number;
}

/**
 * Makes a reply fit LINE's limits: the one place where they are enforced.
 * Too-long texts are shortened, invalid buttons and quick-reply items dropped,
 * oversized carousels lose trailing bubbles, and surplus messages are cut while
 * the quick reply stays on the last message (the only one LINE shows it for).
 */
export function enforceLineLimits(messages: readonly Message[]): Message[] {
  // Most replies are far below the byte limits. A reply's JSON holds each of its bubbles and carousels, so when
  // all of it is within a bubble's limit (with room for a size key its carousel replaced), so is each part:
  // the reply is then serialised once, and that string is what is sent.
  const unchecked: ByteCheck = { checked: false, sizeKeyBytes: 0 };
  const fitted = fitReply(messages, unchecked);
  const json = jsonOf(fitted, 0) as string;
  if (Buffer.byteLength(json, "utf8") + unchecked.sizeKeyBytes <= lineLimits.bubbleBytes) {
    serialised.set(fitted, json);
    return fitted;
  }
  return fitReply(messages, { checked: true, sizeKeyBytes: 0 });
}

function fitReply(messages: readonly Message[], bytes: ByteCheck): Message[] {
  const fitted = messages.map((m) => fitMessage(m, bytes)).filter((m): m is Message => m !== null);
  if (fitted.length <= lineLimits.messagesPerReply) return fitted;
  const kept = fitted.slice(0, lineLimits.messagesPerReply);
  const quickReply = fitted.at(-1)?.quickReply;
  const lastIndex = kept.length - 1;
  const last = kept[lastIndex];
  if (quickReply && last) kept[lastIndex] = { ...last, quickReply };
  return kept;
}

function fitMessage(message: Message, bytes: ByteCheck): Message | null {
  const body = fitBody(message, bytes);
  if (body === null) return null;
  const quickReply = fitQuickReply(message.quickReply);
  const { quickReply: _dropped, ...rest } = body;
  return (quickReply ? { ...rest, quickReply } : rest) as Message;
}

function fitBody(message: Message, bytes: ByteCheck): Message | null {
  switch (message.type) {
    case "text": {
      const text = typeof message.text === "string" ? fitText(message.text, lineLimits.textLength) : "";
      return text.length > 0 ? { ...message, text } : null;
    }
    case "flex": {
      const contents = fitContainer(message.contents, bytes);
      if (contents === null) return null;
      const altText = fitText(nonBlank(message.altText) ?? firstTextOf(contents) ?? "ご案内", lineLimits.altTextLength);
      return { ...message, altText, contents };
    }
    default:
      return message;
  }
}

function nonBlank(text: string | undefined): string | undefined {
  return typeof text === "string" && text.trim().length > 0 ? text : undefined;
}

function fitContainer(container: messagingApi.FlexContainer | undefined, bytes: ByteCheck): messagingApi.FlexContainer | null {
  if (container?.type === "bubble") return fitBubble(container, bytes);
  if (container?.type !== "carousel" || !Array.isArray(container.contents)) return null;
  const bubbles = container.contents
    .map((b) => fitBubble(b, bytes))
    .filter((b): b is FlexBubble => b !== null)
    .slice(0, lineLimits.bubblesPerCarousel);
  // All bubbles of a carousel must share one size.
  const size = bubbles[0]?.size;
  // A bubble that already has the carousel's size (every card) is kept as it is: its JSON is the copy's, and a
  // shared card's JSON is then made once (jsonOf).
  const sized = bubbles.map((b) =>
    !bytes.checked && (size === undefined ? !Object.hasOwn(b, "size") : Object.hasOwn(b, "size") && b.size === size) ? b : size === undefined ? withoutKey(b, "size") : { ...b, size },
  );
  for (const b of bubbles) if (b.size !== undefined && b.size !== size) bytes.sizeKeyBytes = Math.max(bytes.sizeKeyBytes, jsonBytes({ size: b.size }));
  const carousel: messagingApi.FlexCarousel = { ...container, contents: sized };
  while (bytes.checked && carousel.contents.length > 0 && jsonBytes(carousel) > lineLimits.carouselBytes) carousel.contents.pop();
  return carousel.contents.length > 0 ? carousel : null;
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

// Cards are shared by the replies of a minute (src/reply/resource-card.ts), and so is what fitting one makes
// while bytes are not counted: it depends on the bubble alone. Nothing changes a fitted bubble.
const fittedBubbles = new WeakMap<FlexBubble, FlexBubble | null>();

function fitBubble(bubble: FlexBubble, bytes: ByteCheck): FlexBubble | null {
  if (bytes.checked || bubble === null || typeof bubble !== "object") return fitBubbleOnce(bubble, bytes);
  let fitted = fittedBubbles.get(bubble);
  if (fitted === undefined) {
    fitted = fitBubbleOnce(bubble, bytes);
    fittedBubbles.set(bubble, fitted);
    if (fitted) sharedJson.set(fitted, undefined);
  }
  return fitted;
}

// The JSON of each shared fitted bubble, made when first needed.
const sharedJson = new WeakMap<object, string | undefined>();
// Messages, a message, its container, a carousel's list: below that, only shared bubbles are looked up.
const JSON_PATH_DEPTH = 4;

/**
 * Exactly JSON.stringify(value), with each shared fitted bubble's JSON made once: plain objects and arrays are
 * written here down to the bubbles (keys in Object.keys order, as JSON.stringify takes them), anything else and
 * everything below by JSON.stringify itself.
 */
function jsonOf(value: unknown, depth: number): string | undefined {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (sharedJson.has(value)) {
    let json = sharedJson.get(value);
    if (json === undefined) sharedJson.set(value, (json = JSON.stringify(value)));
    return json;
  }
  if (depth >= JSON_PATH_DEPTH) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return JSON.stringify(value);
    let out = "[";
    for (let i = 0; i < value.length; i++) out += `${i > 0 ? "," : ""}${jsonOf(value[i], depth + 1) ?? "null"}`;
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  if (Object.getPrototypeOf(value) !== Object.prototype || typeof record.toJSON === "function") return JSON.stringify(value);
  let out = "{";
  for (const key of Object.keys(record)) {
    const json = jsonOf(record[key], depth + 1);
    if (json === undefined) continue;
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${json}`;
  }
  return `${out}}`;
}

function fitBubbleOnce(bubble: FlexBubble, bytes: ByteCheck): FlexBubble | null {
  if (bubble?.type !== "bubble") return null;
  const fitted: FlexBubble = { ...bubble };
  for (const block of ["header", "body", "footer"] as const) {
    const box = bubble[block];
    if (box === undefined) continue;
    const fittedBox = fitComponent(box);
    if (fittedBox?.type === "box") fitted[block] = fittedBox;
    else delete fitted[block];
  }
  if (bubble.hero !== undefined) {
    const hero = fitComponent(bubble.hero);
    if (hero) fitted.hero = hero;
    else delete fitted.hero;
  }
  const action = bubble.action && fitAction(bubble.action, { labelRequired: false, labelMax: lineLimits.flexActionLabel });
  if (action) fitted.action = action;
  else delete fitted.action;
  return bytes.checked ? shrinkToBytes(fitted, lineLimits.bubbleBytes) : fitted;
}

function fitComponent(component: FlexComponent): FlexComponent | null {
  if (component === null || typeof component !== "object") return null;
  if (component.type === "button") {
    const action = fitAction(component.action, { labelRequired: true, labelMax: lineLimits.flexActionLabel });
    return action ? { ...component, action } : null;
  }
  const out = { ...component } as FlexComponent & { action?: Action; contents?: unknown };
  if (component.type === "box") {
    const box = out as FlexBox;
    box.contents = (Array.isArray(component.contents) ? component.contents : [])
      .map(fitComponent)
      .filter((c): c is FlexComponent => c !== null);
  }
  if ("action" in component && component.action !== undefined) {
    const action = fitAction(component.action, { labelRequired: false, labelMax: lineLimits.flexActionLabel });
    if (action) out.action = action;
    else delete out.action;
  }
  return out;
}

interface LabelRule {
  labelRequired: boolean;
  labelMax: number;
}

/** Returns the action made valid, or null when it cannot be (it is then dropped with its button). */
function fitAction(action: Action | undefined, rule: LabelRule): Action | null {
  if (action === null || typeof action !== "object") return null;
  const label = nonBlank(action.label);
  if (rule.labelRequired && label === undefined) return null;
  const out = { ...action } as Action;
  if (label === undefined) delete out.label;
  else out.label = fitText(label, rule.labelMax);

  switch (out.type) {
    case "postback": {
      if (!isWithin(out.data, 1, lineLimits.postbackData)) return null;
      for (const key of ["displayText", "text"] as const) {
        const value = out[key];
        if (value === undefined) continue;
        const fitted = nonBlank(value) && fitText(value, lineLimits.displayText);
        if (fitted) out[key] = fitted;
        else delete out[key];
      }
      return out;
    }
    case "message": {
      const text = nonBlank(out.text);
      return text ? { ...out, text: fitText(text, lineLimits.messageActionText) } : null;
    }
    case "uri": {
      if (!isAllowedUri(out.uri)) return null;
      if (out.altUri !== undefined && !isAllowedUri(out.altUri?.desktop)) delete out.altUri;
      return out;
    }
    case "datetimepicker":
      return isWithin(out.data, 1, lineLimits.postbackData) ? out : null;
    case "clipboard":
      return isWithin(out.clipboardText, 1, 1000) ? out : null;
    default:
      return out;
  }
}

function isWithin(value: unknown, min: number, max: number): value is string {
  return typeof value === "string" && value.length >= min && value.length <= max;
}

function isAllowedUri(uri: unknown): boolean {
  return isWithin(uri, 1, lineLimits.uriLength) && allowedUriScheme.test(uri);
}

function fitQuickReply(quickReply: messagingApi.QuickReply | undefined): messagingApi.QuickReply | undefined {
  const items = (quickReply?.items ?? [])
    .flatMap((item): messagingApi.QuickReplyItem[] => {
      const action = fitAction(item?.action, { labelRequired: true, labelMax: lineLimits.quickReplyLabel });
      return action ? [{ ...item, type: "action", action }] : [];
    })
    .slice(0, lineLimits.quickReplyItems);
  return items.length > 0 ? { items } : undefined;
}

type TextHolder = { text?: string };

/** Shortens the largest texts until the bubble fits; null if even one-character texts do not. */
function shrinkToBytes(bubble: FlexBubble, maxBytes: number): FlexBubble | null {
  let bytes = jsonBytes(bubble);
  if (bytes <= maxBytes) return bubble;
  const shrunk = structuredClone(bubble);
  const holders = textHolders(shrunk).map((holder) => ({ holder, bytes: jsonBytes(holder.text ?? "") }));
  while (bytes > maxBytes) {
    const largest = holders.reduce((a, b) => (b.bytes > a.bytes ? b : a), holders[0] ?? { holder: {}, bytes: 0 });
    const text = largest.holder.text ?? "";
    if (text.length <= ellipsis.length) return null;
    largest.holder.text = fitText(text, Math.max(ellipsis.length, Math.floor(text.length / 2)));
    // A string's share of the JSON is its own serialisation, so the total can be kept without re-serialising.
    const after = jsonBytes(largest.holder.text);
    bytes -= largest.bytes - after;
    largest.bytes = after;
  }
  return shrunk;
}

function textHolders(bubble: FlexBubble): TextHolder[] {
  const found: TextHolder[] = [];
  const visit = (c: FlexComponent | undefined): void => {
    if (!c) return;
    if (c.type === "box") c.contents.forEach(visit);
    if (c.type === "text") {
      found.push(c);
      c.contents?.forEach((span) => found.push(span));
    }
  };
  [bubble.header, bubble.hero, bubble.body, bubble.footer].forEach(visit);
  return found;
}

/** First non-empty text of a container, depth-first through header, hero, body, footer. */
export function firstTextOf(container: messagingApi.FlexContainer): string | undefined {
  const bubble = container.type === "carousel" ? container.contents[0] : container;
  if (!bubble) return undefined;
  const visit = (c: FlexComponent | undefined): string | undefined => {
    if (!c) return undefined;
    if (c.type === "box") {
      for (const child of c.contents) {
        const text = visit(child);
        if (text) return text;
      }
      return undefined;
    }
    if (c.type !== "text") return undefined;
    const text = c.contents?.length ? c.contents.map((s) => s.text ?? "").join("") : c.text;
    return nonBlank(text);
  };
  for (const block of [bubble.header, bubble.hero, bubble.body, bubble.footer]) {
    const text = visit(block);
    if (text) return text;
  }
  return undefined;
}
