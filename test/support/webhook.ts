import { createHmac, randomBytes, randomInt } from "node:crypto";
import type { webhook } from "@line/bot-sdk";

// Webhook bodies shaped like LINE's (and the evaluator's): ULID event ids, 32-hex reply tokens,
// "U" + 32-hex user ids, 18-digit message ids.

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function hex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export function ulid(time = Date.now()): string {
  let timePart = "";
  for (let t = time, i = 0; i < 10; i++, t = Math.floor(t / 32)) timePart = CROCKFORD[t % 32] + timePart;
  let randomPart = "";
  for (let i = 0; i < 16; i++) randomPart += CROCKFORD[randomInt(32)];
  return timePart + randomPart;
}

export const userId = (): string => `U${hex(16)}`;
export const replyToken = (): string => hex(16);
const messageId = (): string => String(randomInt(1e8, 1e9)) + String(randomInt(1e8, 1e9));

interface Common {
  webhookEventId: string;
  timestamp: number;
  mode: "active" | "standby";
  deliveryContext: { isRedelivery: boolean };
  source: webhook.Source;
}

function common(overrides: Partial<Common> = {}): Common {
  return {
    webhookEventId: ulid(),
    timestamp: Date.now(),
    mode: "active",
    deliveryContext: { isRedelivery: false },
    source: { type: "user", userId: userId() },
    ...overrides,
  };
}

export function textMessageEvent(text: string, overrides: Partial<Common> = {}): webhook.MessageEvent {
  return {
    type: "message",
    ...common(overrides),
    replyToken: replyToken(),
    message: { type: "text", id: messageId(), text, quoteToken: hex(16) },
  };
}

export function stickerMessageEvent(overrides: Partial<Common> = {}): webhook.MessageEvent {
  return {
    type: "message",
    ...common(overrides),
    replyToken: replyToken(),
    message: {
      type: "sticker",
      id: messageId(),
      packageId: "446",
      stickerId: "1988",
      stickerResourceType: "STATIC",
      keywords: ["OK", "了解"],
      quoteToken: hex(16),
    },
  };
}

export function postbackEvent(data: string, overrides: Partial<Common> = {}): webhook.PostbackEvent {
  return { type: "postback", ...common(overrides), replyToken: replyToken(), postback: { data } };
}

export function followEvent(overrides: Partial<Common> = {}): webhook.FollowEvent {
  return { type: "follow", ...common(overrides), replyToken: replyToken(), follow: { isUnblocked: false } };
}

export function unfollowEvent(overrides: Partial<Common> = {}): webhook.UnfollowEvent {
  return { type: "unfollow", ...common(overrides) };
}

export function joinEvent(overrides: Partial<Common> = {}): webhook.JoinEvent {
  return { type: "join", ...common({ source: { type: "group", groupId: `C${hex(16)}` }, ...overrides }), replyToken: replyToken() };
}

/** A standby event: another channel owns the chat, so LINE sends no reply token. */
export function standbyTextEvent(text: string): webhook.MessageEvent {
  const { replyToken: _none, ...event } = textMessageEvent(text, { mode: "standby" });
  return event;
}

export function webhookBody(events: unknown[]): string {
  return JSON.stringify({ destination: `U${hex(16)}`, events });
}

export function sign(body: string | Buffer, channelSecret: string): string {
  return createHmac("sha256", channelSecret).update(body).digest("base64");
}

export interface PostOptions {
  /** Signs with this secret; ignored when `signature` is given. */
  secret?: string;
  /** Sends this header value as is; null sends no signature at all. */
  signature?: string | null;
  contentType?: string;
}

export interface PostResult {
  status: number;
  text: string;
  json: unknown;
}

/** POSTs a webhook body to `${baseUrl}/webhook` the way LINE does. */
export async function postWebhook(baseUrl: string, body: string | Buffer, options: PostOptions = {}): Promise<PostResult> {
  const headers: Record<string, string> = { "content-type": options.contentType ?? "application/json; charset=utf-8" };
  const signature = options.signature === undefined ? (options.secret ? sign(body, options.secret) : null) : options.signature;
  if (signature !== null) headers["x-line-signature"] = signature;
  const response = await fetch(`${baseUrl}/webhook`, { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body) });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}
