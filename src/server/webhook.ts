import { middleware, type webhook } from "@line/bot-sdk";
import express, { type RequestHandler } from "express";
import { z } from "zod";
import type { Logger } from "../log.ts";
import type { EventDispatcher } from "./event-dispatch.ts";

// The HMAC covers the raw bytes, so the whole body is buffered before anything else happens.
// LINE publishes no maximum; a longest text message (5,000 UTF-16 units) is at most ~30 KB even
// fully \u-escaped, so 1 MB holds dozens of such events while capping what an unsigned sender
// can make us buffer.
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

// Only what the transport relies on is checked; the rest of each event is LINE's to extend.
const callbackRequestShape = z.object({
  destination: z.string().optional(),
  events: z.array(
    z.looseObject({
      type: z.string(),
      mode: z.string().optional(),
      webhookEventId: z.string().optional(),
      replyToken: z.string().optional(),
    }),
  ),
});

/** POST /webhook: size limit → signature check (SDK) → shape check → 200 → events handled asynchronously. */
export function webhookHandlers(channelSecret: string, dispatcher: EventDispatcher, logger: Logger): RequestHandler[] {
  const acknowledge: RequestHandler = (req, res) => {
    const parsed = callbackRequestShape.safeParse(req.body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), code: i.code }));
      logger.warn({ reason: "unexpected body shape", issues }, "webhook rejected");
      res.status(400).json({ error: "invalid_body" });
      return;
    }
    res.sendStatus(200);
    logger.debug({ events: parsed.data.events.length }, "webhook accepted");
    // Validated above for the fields the transport reads; the handler narrows the rest by `type`.
    dispatcher.dispatch(parsed.data.events as unknown as webhook.Event[]);
  };

  return [
    // Any content type: a body without one would otherwise skip the limit and be read unbounded by the SDK.
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT_BYTES }),
    middleware({ channelSecret }),
    acknowledge,
  ];
}
