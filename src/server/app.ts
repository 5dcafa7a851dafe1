import { JSONParseError, SignatureValidationFailed } from "@line/bot-sdk";
import express, { type ErrorRequestHandler, type Express, type Router } from "express";
import type { DateTime } from "luxon";
import type { EventHandler } from "../bot/types.ts";
import type { Logger } from "../log.ts";
import { type BotState, createLocalState } from "../store/state.ts";
import { createEventDispatcher, type EventDispatcherOptions } from "./event-dispatch.ts";
import type { LineReplier } from "./reply-client.ts";
import { webhookHandlers } from "./webhook.ts";

export interface CatalogInfo {
  version: string;
  /** Number of resources loaded. */
  resources: number;
}

export interface AppOptions {
  handleEvent: EventHandler;
  clock: () => DateTime;
  logger: Logger;
  /** Null when the LINE credentials are not configured: POST /webhook then answers 503. */
  line: { channelSecret: string; replier: LineReplier } | null;
  catalogInfo: CatalogInfo;
  /** De-duplication, conversation memory and their health: in memory (default), or Redis shared by every process. */
  state?: BotState;
  /** Mounted at "/" after /webhook and /healthz, so its body parsers never see webhook bodies. */
  simulator?: Router;
  /** The question log, fed after each reply (absent when it is off). */
  recordExchange?: EventDispatcherOptions["recordExchange"];
  /** The operators' dashboard, mounted at /admin (absent unless ADMIN_TOKEN is set). */
  admin?: Router;
  /** Proxy hops whose X-Forwarded-For is trusted, so per-client limits see the client, not the router. */
  trustProxy?: number;
}

export interface App {
  app: Express;
  /** Waits for events already accepted (handling and replies); false if `timeoutMs` passed first. */
  drain(timeoutMs: number): Promise<boolean>;
}

/** Body-parser errors carry an HTTP status and a `type` such as "entity.too.large". */
function clientErrorOf(err: unknown): { status: number; type: string } | null {
  if (typeof err !== "object" || err === null) return null;
  const { status, type } = err as { status?: unknown; type?: unknown };
  if (typeof status !== "number" || status < 400 || status > 499) return null;
  return { status, type: typeof type === "string" ? type : "bad_request" };
}

// The one error boundary. Request bodies and signatures are never logged.
function errorResponder(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const where = { method: req.method, path: req.path };
    if (err instanceof SignatureValidationFailed) {
      const reason = err.signature === undefined ? "missing signature" : "signature mismatch";
      logger.warn({ ...where, reason }, "webhook rejected");
      res.status(401).json({ error: "invalid_signature" });
      return;
    }
    if (err instanceof JSONParseError) {
      // The parse error message quotes the body, so only the reason is logged.
      logger.warn({ ...where, reason: "malformed JSON" }, "webhook rejected");
      res.status(400).json({ error: "malformed_json" });
      return;
    }
    const clientError = clientErrorOf(err);
    if (clientError) {
      logger.warn({ ...where, reason: clientError.type, status: clientError.status }, "request rejected");
      res.status(clientError.status).json({ error: clientError.type });
      return;
    }
    logger.error({ ...where, err }, "request failed");
    res.status(500).json({ error: "internal_error" });
  };
}

export function createApp({ handleEvent, clock, logger, line, catalogInfo, state = createLocalState(), simulator, recordExchange, admin, trustProxy = 0 }: AppOptions): App {
  const { store, conversations } = state;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxy);

  const webhook = line && {
    channelSecret: line.channelSecret,
    dispatcher: createEventDispatcher({ handleEvent, clock, replier: line.replier, logger, store, conversations, recordExchange }),
  };

  if (webhook) {
    app.post("/webhook", ...webhookHandlers(webhook.channelSecret, webhook.dispatcher, logger));
  } else {
    app.post("/webhook", (_req, res) => {
      res.status(503).json({
        error: "webhook_disabled",
        message: "LINE_CHANNEL_SECRET と LINE_CHANNEL_ACCESS_TOKEN が未設定のため、webhook は無効です。",
      });
    });
  }
  app.all("/webhook", (_req, res) => {
    res.set("Allow", "POST").status(405).json({ error: "method_not_allowed" });
  });

  // Degraded is still 200: the bot answers every message, only without memory and shared de-duplication.
  app.get("/healthz", async (_req, res) => {
    const health = await store.health();
    res.json({ ...health, catalog: { version: catalogInfo.version, resources: catalogInfo.resources } });
  });

  if (admin) app.use("/admin", admin);
  if (simulator) app.use("/", simulator);

  app.use((_req, res) => {
    res.status(404).json({ error: "not_found" });
  });
  app.use(errorResponder(logger));

  return { app, drain: (timeoutMs) => (webhook ? webhook.dispatcher.drain(timeoutMs) : Promise.resolve(true)) };
}
