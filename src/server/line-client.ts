import type { messagingApi } from "@line/bot-sdk";
import type { Logger } from "../log.ts";
import { createReplyClient } from "./reply-client.ts";

export type ReplyOutcome =
  | { sent: true; requestId: string | null }
  | { sent: false; failure: "rejected" | "timeout" | "network" | "unexpected"; status?: number };

/** Sends reply messages. Never throws and never retries: a reply token works once. */
export interface LineReplier {
  reply(replyToken: string, messages: messagingApi.Message[], log: Logger): Promise<ReplyOutcome>;
}

export interface LineClientOptions {
  channelAccessToken: string;
  baseUrl: string;
  /** A total deadline per call, connecting and reading the answer included; the call is aborted. */
  timeoutMs: number;
}

/**
 * The bot's only call to the Messaging API is the reply, which has its own lean client
 * (reply-client.ts); the SDK still checks signatures and provides the types.
 */
export function createLineClient(options: LineClientOptions): LineReplier {
  return createReplyClient(options);
}
