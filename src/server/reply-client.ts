import { type ClientRequest, Agent as HttpAgent, type IncomingMessage, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { createRequire } from "node:module";
import type { messagingApi } from "@line/bot-sdk";
import type { Logger } from "../log.ts";
import { messagesJson } from "../reply/limits.ts";

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

// The SDK's fetch path (Request/Response objects, web streams, a fresh JSON.stringify per call)
// cost more CPU per reply than handling the event itself, so replies go through Node's own client
// on a keep-alive agent. Requests carry the body and headers the SDK sends.
const REPLY_PATH = "/v2/bot/message/reply";
const USER_AGENT = `@line/bot-sdk/${(createRequire(import.meta.url)("@line/bot-sdk/package.json") as { version: string }).version}`;
// Below the idle timeouts of common front ends (and undici's default), so a pooled socket is not
// reused just as the server closes it: a reply sent on such a socket would be lost, never retried.
const IDLE_SOCKET_MS = 4000;
const MAX_LOGGED_BODY = 1000;

/** Exactly JSON.stringify({ replyToken, messages }), what the SDK sends. */
function replyBody(replyToken: string, messages: messagingApi.Message[]): string {
  return `{"replyToken":${JSON.stringify(replyToken)},"messages":${messagesJson(messages)}}`;
}

function describeBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, MAX_LOGGED_BODY);
  }
}

function requestIdOf(res: IncomingMessage): string | null {
  const id = res.headers["x-line-request-id"];
  return typeof id === "string" ? id : null;
}

/** The error code of a failed connection; happy eyeballs report theirs inside an AggregateError. */
function codeOf(err: Error): string | undefined {
  const { code, errors } = err as { code?: string; errors?: { code?: string }[] };
  return code ?? errors?.[0]?.code;
}

/**
 * The bot's only call to the Messaging API is the reply, sent by this lean client; the SDK still checks
 * signatures and provides the types.
 */
export function createReplyClient(options: LineClientOptions): LineReplier {
  const url = new URL(REPLY_PATH, options.baseUrl);
  const secure = url.protocol === "https:";
  const agent = secure ? new HttpsAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) : new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  const send = secure ? httpsRequest : httpRequest;
  const authorization = `Bearer ${options.channelAccessToken}`;

  function reply(replyToken: string, messages: messagingApi.Message[], log: Logger): Promise<ReplyOutcome> {
    const startedAt = performance.now();
    const elapsedMs = () => Math.round(performance.now() - startedAt);
    const body = replyBody(replyToken, messages);

    return new Promise((resolve) => {
      let settled = false;
      let req: ClientRequest | undefined;
      const finish = (outcome: ReplyOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(outcome);
      };
      // A total deadline, connecting and reading the answer included: a socket timeout would only catch silence.
      const deadline = setTimeout(() => {
        log.error({ timeoutMs: options.timeoutMs }, "reply timed out and was aborted");
        finish({ sent: false, failure: "timeout" });
        req?.destroy();
      }, options.timeoutMs);

      const onError = (err: Error) => {
        if (settled) return;
        log.error({ code: codeOf(err), cause: err.message, ms: elapsedMs() }, "reply failed: network error");
        finish({ sent: false, failure: "network" });
      };

      try {
        req = send(url, {
          method: "POST",
          agent,
          headers: {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            Authorization: authorization,
            Accept: "*/*",
            "Content-Length": Buffer.byteLength(body),
          },
        });
      } catch (err) {
        // Only a malformed request (e.g. a token with characters no header may hold) lands here.
        log.error({ err, ms: elapsedMs() }, "reply failed: unexpected error");
        finish({ sent: false, failure: "unexpected" });
        return;
      }
      req.on("error", onError);
      req.on("response", (res) => {
        const status = res.statusCode ?? 0;
        const requestId = requestIdOf(res);
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", onError);
        // A connection cut mid-answer; usually reported as an error too, which settles first.
        res.on("close", () => {
          if (!res.complete) onError(new Error("connection closed before the answer was complete"));
        });
        res.on("end", () => {
          if (settled) return;
          if (status >= 200 && status < 300) {
            // One info line per event is enough: "event handled" carries the request id.
            if (log.isLevelEnabled("debug")) log.debug({ status, requestId, ms: elapsedMs() }, "reply sent");
            finish({ sent: true, requestId });
            return;
          }
          log.error({ status, requestId, body: describeBody(Buffer.concat(chunks).toString("utf8")), ms: elapsedMs() }, "reply rejected by LINE");
          finish({ sent: false, failure: "rejected", status });
        });
      });
      req.end(body);
    });
  }

  return { reply };
}
