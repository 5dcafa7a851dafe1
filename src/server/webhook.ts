import { JSONParseError, SignatureValidationFailed, validateSignature, type webhook } from "@line/bot-sdk";
import express, { type RequestHandler } from "express";
import type { Logger } from "../log.ts";
import type { EventDispatcher } from "./event-dispatch.ts";

// The HMAC covers the raw bytes, so the whole body is buffered before anything else happens.
// LINE publishes no maximum; a longest text message (5,000 UTF-16 units) is at most ~30 KB even
// fully \u-escaped, so 1 MB holds dozens of such events while capping what an unsigned sender
// can make us buffer.
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === "string";

/**
 * Only what the transport relies on is checked; the rest of each event is LINE's to extend and
 * the handler narrows it by `type`. Returns where the body first departs from that shape, or null.
 */
function shapeProblem(body: unknown): string | null {
  if (!isObject(body)) return "(body)";
  if (!isOptionalString(body.destination)) return "destination";
  if (!Array.isArray(body.events)) return "events";
  for (const [i, event] of body.events.entries()) {
    if (!isObject(event)) return `events.${i}`;
    if (typeof event.type !== "string") return `events.${i}.type`;
    for (const field of ["mode", "webhookEventId", "replyToken"]) {
      if (!isOptionalString(event[field])) return `events.${i}.${field}`;
    }
  }
  return null;
}

/** POST /webhook: size limit → signature check (SDK) on the raw bytes → JSON → shape check → 200 → events handled asynchronously. */
export function webhookHandlers(channelSecret: string, dispatcher: EventDispatcher, logger: Logger): RequestHandler[] {
  const acknowledge: RequestHandler = (req, res, next) => {
    const signature = req.headers["x-line-signature"];
    if (typeof signature !== "string" || signature === "") {
      next(new SignatureValidationFailed("no signature"));
      return;
    }
    // express.raw leaves no body at all when the request declares none: that is zero bytes.
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!validateSignature(raw, channelSecret, signature)) {
      next(new SignatureValidationFailed("signature validation failed", { signature }));
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch (err) {
      next(new JSONParseError((err as Error).message));
      return;
    }
    const problem = shapeProblem(body);
    if (problem !== null) {
      logger.warn({ reason: "unexpected body shape", path: problem }, "webhook rejected");
      res.status(400).json({ error: "invalid_body" });
      return;
    }
    const { events } = body as { events: webhook.Event[] };
    // A bare 200: no body, ETag or content type for LINE to ignore.
    res.status(200).end();
    if (logger.isLevelEnabled("debug")) logger.debug({ events: events.length }, "webhook accepted");
    dispatcher.dispatch(events);
  };

  return [
    // Any content type: a body without one would otherwise skip the limit and never be read.
    express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT_BYTES }),
    acknowledge,
  ];
}
