import type { webhook } from "@line/bot-sdk";
import type { DateTime } from "luxon";
import { conversationKey } from "../bot/memory.ts";
import type { BotReply, EventHandler } from "../bot/types.ts";
import type { Logger } from "../log.ts";
import type { Conversations } from "../store/conversations.ts";
import type { Store } from "../store/store.ts";
import { createInFlight } from "./in-flight.ts";
import type { LineReplier } from "./reply-client.ts";

// LINE redelivers an event for up to 20 minutes after it occurred; remembering ids a little longer covers that.
export const EVENT_ID_TTL_MS = 30 * 60_000;

export interface EventDispatcherOptions {
  handleEvent: EventHandler;
  clock: () => DateTime;
  replier: LineReplier;
  logger: Logger;
  /** De-duplication by webhookEventId: shared by every process when the store is Redis. */
  store: Store;
  conversations: Conversations;
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

export function createEventDispatcher({ handleEvent, clock, replier, logger, store, conversations, recordExchange }: EventDispatcherOptions): EventDispatcher {
  const inFlight = createInFlight();

  async function processEvent(event: webhook.Event, log: Logger): Promise<void> {
    const startedAt = performance.now();
    const replyToken = "replyToken" in event ? event.replyToken : undefined;
    const answerable = event.mode !== "standby" && Boolean(replyToken);
    // Claiming the id and reading the memory go out together: one round trip to Redis, not two.
    const [first, memory] = await Promise.all([
      event.webhookEventId ? store.setIfAbsent(`event:${event.webhookEventId}`, "1", EVENT_ID_TTL_MS) : true,
      answerable ? conversations.recall(event) : null,
    ]);
    if (!first) {
      log.info("duplicate event skipped");
      return;
    }
    // In standby another channel owns the chat, and LINE asks bots not to send anything.
    if (event.mode === "standby") {
      log.debug("standby event skipped");
      return;
    }
    if (!replyToken) {
      log.debug("event without reply token skipped");
      return;
    }
    const now = clock();
    const reply = handleEvent(event, { now, memory });
    if (!reply) {
      log.info({ ms: Math.round(performance.now() - startedAt) }, "event handled without reply");
      return;
    }
    // Written before replying, so a follow-up (which can only come after the reply) finds it on any process.
    await conversations.remember(event, reply.memory);
    const outcome = await replier.reply(replyToken, reply.messages, log);
    const requestId = outcome.sent ? outcome.requestId : undefined;
    const followUp = reply.followUp?.aspect;
    const ms = performance.now() - startedAt;
    log.info({ reason: reply.reason, followUp, replied: outcome.sent, requestId, ms: Math.round(ms) }, "event handled");
    recordExchange?.(event, reply, now, ms);
  }

  // One conversation's events are handled in order, so a second message in the same batch reads the
  // memory the first one wrote; different conversations still run side by side.
  const conversationTails = new Map<string, Promise<void>>();
  function inOrder(event: webhook.Event, work: () => Promise<void>): Promise<void> {
    const key = conversationKey(event);
    if (key === undefined) return work();
    const run = (conversationTails.get(key) ?? Promise.resolve()).then(work);
    conversationTails.set(key, run);
    return run.finally(() => {
      if (conversationTails.get(key) === run) conversationTails.delete(key);
    });
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
                inOrder(event, () => processEvent(event, log).catch((err: unknown) => log.error({ err }, "event handling failed"))).finally(resolve);
              });
            }),
        );
      }
    },
    drain: (timeoutMs) => inFlight.drain(timeoutMs),
  };
}
