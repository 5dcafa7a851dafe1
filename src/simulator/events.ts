import { randomBytes } from "node:crypto";
import type { webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";

/** What a user can do in the chat: the three things the simulator and the terminal chat send. */
export type UserAction =
  | { type: "text"; text: string }
  | { type: "postback"; data: string; displayText?: string }
  | { type: "follow" };

// The friend of the terminal chat and of simulator requests that name no conversation.
export const SIMULATED_USER_ID = "U5e1a7ed0000000000000000000000001";

const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID like LINE's webhookEventId: 48-bit time then 80 random bits, in Crockford base32. */
export function ulid(timeMs: number): string {
  let time = "";
  for (let t = Math.floor(timeMs), i = 0; i < 10; i++, t = Math.floor(t / 32)) time = crockford[t % 32] + time;
  const random = [...randomBytes(16)].map((b) => crockford[b % 32]).join("");
  return time + random;
}

const hex = (bytes: number): string => randomBytes(bytes).toString("hex");
const messageId = (): string => BigInt(`0x${hex(7)}`).toString();

/** Builds the webhook event LINE would deliver for `action` by `userId` happening at `at`. */
export function syntheticEvent(action: UserAction, at: DateTime, userId: string = SIMULATED_USER_ID): webhook.Event {
  const timestamp = at.toMillis();
  const base = {
    source: { type: "user" as const, userId },
    timestamp,
    mode: "active" as const,
    webhookEventId: ulid(timestamp),
    deliveryContext: { isRedelivery: false },
    replyToken: hex(16),
  };
  switch (action.type) {
    case "text":
      return { ...base, type: "message", message: { type: "text", id: messageId(), text: action.text, quoteToken: hex(16) } };
    // LINE shows displayText in the chat but does not send it to the bot.
    case "postback":
      return { ...base, type: "postback", postback: { data: action.data } };
    case "follow":
      return { ...base, type: "follow", follow: { isUnblocked: false } };
  }
}
