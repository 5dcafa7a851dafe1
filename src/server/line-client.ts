import { AsyncLocalStorage } from "node:async_hooks";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import type { Logger } from "../log.ts";

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
  timeoutMs: number;
}

// The SDK calls the global fetch without an AbortSignal and has no timeout option, so the
// signal for the current call travels through async context to a thin fetch wrapper.
// Calls made outside `callSignal.run` pass through untouched.
const callSignal = new AsyncLocalStorage<AbortSignal>();
let fetchCarriesCallSignal = false;

function letFetchCarryCallSignal(): void {
  if (fetchCarriesCallSignal) return;
  fetchCarriesCallSignal = true;
  const originalFetch = globalThis.fetch;
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const signal = callSignal.getStore();
    return originalFetch(input, signal && !init?.signal ? { ...init, signal } : init);
  };
}

const MAX_LOGGED_BODY = 1000;

function describeRejection(err: HTTPFetchError): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(err.body);
  } catch {
    body = err.body.slice(0, MAX_LOGGED_BODY);
  }
  return { status: err.status, requestId: err.headers.get("x-line-request-id"), body };
}

export function createLineClient(options: LineClientOptions): LineReplier {
  letFetchCarryCallSignal();
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: options.channelAccessToken, baseURL: options.baseUrl });

  return {
    async reply(replyToken, messages, log) {
      const startedAt = performance.now();
      const elapsedMs = () => Math.round(performance.now() - startedAt);
      const signal = AbortSignal.timeout(options.timeoutMs);
      try {
        const { httpResponse } = await callSignal.run(signal, () => client.replyMessageWithHttpInfo({ replyToken, messages }));
        const requestId = httpResponse.headers.get("x-line-request-id");
        // One info line per event is enough: "event handled" carries the request id.
        log.debug({ status: httpResponse.status, requestId, ms: elapsedMs() }, "reply sent");
        return { sent: true, requestId };
      } catch (err) {
        if (err instanceof HTTPFetchError) {
          log.error({ ...describeRejection(err), ms: elapsedMs() }, "reply rejected by LINE");
          return { sent: false, failure: "rejected", status: err.status };
        }
        if (signal.aborted) {
          log.error({ timeoutMs: options.timeoutMs }, "reply timed out and was aborted");
          return { sent: false, failure: "timeout" };
        }
        if (err instanceof TypeError) {
          const cause = (err as { cause?: { code?: string; message?: string } }).cause;
          log.error({ code: cause?.code, cause: cause?.message, ms: elapsedMs() }, "reply failed: network error");
          return { sent: false, failure: "network" };
        }
        log.error({ err, ms: elapsedMs() }, "reply failed: unexpected error");
        return { sent: false, failure: "unexpected" };
      }
    },
  };
}
