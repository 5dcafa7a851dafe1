import type { webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import type { BotReply, EventHandler } from "../bot/types.ts";
import type { Logger } from "../log.ts";
import { createInFlight } from "./in-flight.ts";
import type { LineReplier } from "./line-client.ts";
import { createRecentEventIds } from "./recent-event-ids.ts";

// ~10,000 ULIDs take well under 1 MB, and cover far more events than a small bot receives in
// the 20 minutes during which a redelivered reply token can still be used.
export const RECENT_EVENT_CAPACITY = 10_000;

export interface EventDispatcherOptions {
  handleEvent: EventHandler;
  clock: () => DateTime;
  replier: LineReplier;
  logger: Logger;
  /** Called once the reply call has finished (the question log); must return at once and never throw. */
  recordExchange?: (event: webhook.Event, reply: BotReply, at: DateTime, latencyMs: number) => void;
}

export interface EventDispatcher {
  /** Handles each event on its own, after the current request has been answered. */
  dispatch(events: webhook.Event[]): void;
  drain(timeoutMs: number): Promise<boolean>;
}

function logFieldsOf(event: webhook.Event): Record<string, unknown> {
  return {
    webhookEventId: event.webhookEventId,
    eventType: event.type,
    // Only transport fields are validated: a message event without `message` must not throw here,
    // where it would end the loop and drop the rest of the batch after the 200.
    ...(event.type === "message" ? { messageType: event.message?.type } : {}),
    redelivery: event.deliveryContext?.isRedelivery,
  };
}

export function createEventDispatcher({ handleEvent, clock, replier, logger, recordExchange }: EventDispatcherOptions): EventDispatcher {
  const recentIds = createRecentEventIds(RECENT_EVENT_CAPACITY);
  const inFlight = createInFlight();

  async function processEvent(event: webhook.Event, log: Logger): Promise<void> {
    const startedAt = performance.now();
    if (event.webhookEventId && recentIds.seenBefore(event.webhookEventId)) {
      log.info("duplicate event skipped");
      return;
    }
    // In standby another channel owns the chat, and LINE asks bots not to send anything.
    if (event.mode === "standby") {
      log.debug("standby event skipped");
      return;
    }
    const replyToken = "replyToken" in event ? event.replyToken : undefined;
    if (!replyToken) {
      log.debug("event without reply token skipped");
      return;
    }
    const now = clock();
    const reply = handleEvent(event, { now });
    if (!reply) {
      log.info({ ms: Math.round(performance.now() - startedAt) }, "event handled without reply");
      return;
    }
    const outcome = await replier.reply(replyToken, reply.messages, log);
    const requestId = outcome.sent ? outcome.requestId : undefined;
    const ms = performance.now() - startedAt;
    log.info({ reason: reply.reason, replied: outcome.sent, requestId, ms: Math.round(ms) }, "event handled");
    recordExchange?.(event, reply, now, ms);
  }

  return {
    dispatch(events) {
      for (const event of events) {
        const log = logger.child(logFieldsOf(event));
        inFlight.track(
          () =>
            new Promise<void>((resolve) => {
              // setImmediate lets the 200 response reach the socket before the (synchronous) handler runs.
              setImmediate(() => {
                processEvent(event, log)
                  .catch((err: unknown) => log.error({ err }, "event handling failed"))
                  .finally(resolve);
              });
            }),
        );
      }
    },
    drain: (timeoutMs) => inFlight.drain(timeoutMs),
  };
}
