import { readFileSync } from "node:fs";
import path from "node:path";
import type { messagingApi, webhook } from "@line/bot-sdk";
import express, { type NextFunction, type Request, type Response } from "express";
import { DateTime } from "luxon";
import { z } from "zod";
import type { BotReply, EventHandler } from "../bot/types.ts";
import { japanZone } from "../hours/holidays.ts";
import type { Logger } from "../log.ts";
import { lineLimits } from "../reply/limits.ts";
import { type BotState, createLocalState } from "../store/state.ts";
import { SIMULATED_USER_ID, syntheticEvent } from "./events.ts";

export interface RateLimitOptions {
  /** Requests a client may send in one window. */
  burst: number;
  /** Average rate allowed; the window is burst / perSecond seconds. */
  perSecond: number;
}

export interface SimulatorOptions {
  /** The same handler the webhook uses: the simulator is only another way to deliver events. */
  handleEvent: EventHandler;
  /** The catalog's bot name, for the page title, header and messages. */
  botName: string;
  /** The catalog's id: names what the page keeps in the browser, so two bots on one host keep apart. */
  botId?: string;
  /** Current time in Asia/Tokyo, used when a request does not ask for a simulated time. */
  clock: () => DateTime;
  logger: Logger;
  /** Per-client limit on the events endpoint; meant for when the simulator is public (production). */
  rateLimit?: RateLimitOptions;
  /** The rich menu LINE would show under the chat: its object (areas and their postbacks) and its picture. */
  richMenu?: { request: messagingApi.RichMenuRequest; svg: string };
  /** Conversation memory and rate-limit counters: shared with the webhook, and across processes on Redis. */
  state?: BotState;
  /** The question log (absent when it is off): each answered event, tagged as the simulator's, at the real time. */
  recordExchange?: (event: webhook.Event, reply: BotReply, at: DateTime, latencyMs: number, channel: "simulator") => void;
}

export const EVENTS_PATH = "/simulator/api/events";
export const ASSETS_PATH = "/simulator/assets";
export const RICH_MENU_PATH = "/simulator/api/richmenu";
const { textLength: maxText, postbackData: maxData, displayText: maxDisplayText } = lineLimits;
const publicDir = path.join(import.meta.dirname, "public");

// The page sends the datetime-local value with "+09:00"; other clients must say which offset they mean.
const instantWithOffset = z
  .string()
  .max(40)
  .regex(/(Z|[+-]\d{2}(:?\d{2})?)$/, "at にはタイムゾーンのオフセットを付けてください (at needs an offset, e.g. 2026-11-23T10:00+09:00)")
  .refine((s) => DateTime.fromISO(s, { setZone: true }).isValid, "at を日時として読めません (at is not an ISO-8601 date-time)");

const requestSchema = z.strictObject(
  {
    event: z.discriminatedUnion(
      "type",
      [
        z.strictObject({
          type: z.literal("text"),
          text: z
            .string({ error: "text は文字列で指定してください (text must be a string)" })
            .min(1, "text が空です (text is empty)")
            .max(maxText, `text は ${maxText} 文字以内にしてください (text is longer than ${maxText})`),
        }),
        z.strictObject({
          type: z.literal("postback"),
          data: z
            .string({ error: "data は文字列で指定してください (data must be a string)" })
            .min(1, "data が空です (data is empty)")
            .max(maxData, `data は ${maxData} 文字以内です (data is longer than ${maxData})`),
          displayText: z.string().max(maxDisplayText, `displayText は ${maxDisplayText} 文字以内です (displayText is longer than ${maxDisplayText})`).optional(),
        }),
        z.strictObject({ type: z.literal("follow") }),
      ],
      {
        error: (issue) =>
          issue.input === undefined
            ? "event を指定してください (event is required)"
            : 'type は "text"・"postback"・"follow" のいずれかにしてください (type must be text, postback or follow)',
      },
    ),
    at: instantWithOffset.optional(),
    // One per browser tab: the conversation the bot remembers, as if each tab were its own LINE user.
    conversation: z
      .string()
      .regex(/^[0-9a-f]{32}$/, "conversation は 32 桁の 16 進数にしてください (conversation must be 32 hex digits)")
      .optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `使えない項目があります (unknown keys): ${issue.keys.join(", ")}` : "本文は JSON オブジェクトで送ってください (body must be a JSON object)") },
);

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message));
  return `リクエストが正しくありません (invalid request): ${issues.join("; ")}`;
}

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

/** The page with the bot's name and id written in; both come from catalog data, so they are escaped. */
function chatPage(botName: string, botId: string): string {
  return readFileSync(path.join(publicDir, "index.html"), "utf8").replaceAll("{{botName}}", escapeHtml(botName)).replaceAll("{{botId}}", escapeHtml(botId));
}

const securityHeaders = (res: Response): void => {
  // Everything the page shows is built with textContent, and this keeps it that way if a mistake slips in.
  res.setHeader(
    "Content-Security-Policy",
    "default-src 'self'; img-src 'self' https: data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
};

/** The browser simulator: the chat page at "/" and the JSON endpoint that runs events through the bot. */
export function createSimulatorRouter(options: SimulatorOptions): express.Router {
  const { handleEvent, clock, logger, rateLimit, state = createLocalState(), recordExchange } = options;
  const { store, conversations } = state;
  const page = chatPage(options.botName, options.botId ?? "bot");
  const router = express.Router();

  /** Fixed windows counted in the store; null when allowed, else the seconds until the window ends. */
  async function limited(client: string): Promise<number | null> {
    if (!rateLimit) return null;
    const windowMs = Math.ceil((rateLimit.burst / rateLimit.perSecond) * 1000);
    const { count, expiresInMs } = await store.increment(`simulator-rate:${client}`, windowMs);
    return count > rateLimit.burst ? Math.max(1, Math.ceil(expiresInMs / 1000)) : null;
  }

  router.get("/", (_req, res) => {
    securityHeaders(res);
    res.type("html").send(page);
  });
  router.use(ASSETS_PATH, express.static(publicDir, { index: false, setHeaders: securityHeaders }));

  const { richMenu } = options;
  router.get(RICH_MENU_PATH, (_req, res) => {
    if (!richMenu) {
      res.status(404).json({ error: "リッチメニューはありません (no rich menu)" });
      return;
    }
    res.json({ ...richMenu.request, imageUrl: `${RICH_MENU_PATH.slice(1)}.svg` });
  });
  router.get(`${RICH_MENU_PATH}.svg`, (_req, res) => {
    securityHeaders(res);
    if (richMenu) res.type("image/svg+xml").send(richMenu.svg);
    else res.status(404).end();
  });

  router.post(EVENTS_PATH, express.json({ limit: "64kb" }), async (req: Request, res: Response) => {
    const retryAfter = await limited(req.ip ?? req.socket.remoteAddress ?? "unknown");
    if (retryAfter !== null) {
      res.setHeader("Retry-After", String(retryAfter));
      res.status(429).json({ error: "リクエストが多すぎます。少し待ってからお試しください (too many requests)" });
      return;
    }
    const parsed = requestSchema.safeParse(req.body ?? null);
    if (!parsed.success) {
      res.status(400).json({ error: describeIssues(parsed.error) });
      return;
    }
    const { event: action, at, conversation } = parsed.data;
    const simulated = at === undefined ? undefined : DateTime.fromISO(at, { setZone: true }).setZone(japanZone);
    const now = simulated ?? clock().setZone(japanZone);

    // Never in the form of a LINE user id, so a tab can neither read nor write a real user's memory.
    const event = syntheticEvent(action, now, conversation ? `simulator-${conversation}` : SIMULATED_USER_ID);
    // Without a conversation (a script, curl) every request stands alone: strangers never share a memory.
    const startedAt = performance.now();
    const memory = conversation ? await conversations.recall(event) : null;
    const reply = handleEvent(event, { now, memory });
    if (conversation) await conversations.remember(event, reply?.memory);
    // Filed when it was asked, not at the simulated time, so operators see it among today's questions.
    if (reply) recordExchange?.(event, reply, clock(), performance.now() - startedAt, "simulator");
    logger.debug({ simulator: true, eventType: action.type, reason: reply?.reason ?? "noReply", simulatedNow: simulated?.toISO() }, "simulator event");
    res.json({
      messages: reply?.messages ?? [],
      reason: reply?.reason ?? "noReply",
      ...(reply?.followUp ? { followUp: reply.followUp } : {}),
      ...(simulated ? { simulatedNow: simulated.toISO() } : {}),
    });
  });

  // Body-parser failures (bad JSON, too large) get the same JSON error shape as validation errors.
  router.use("/simulator/api", (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (err as { status?: number }).status;
    if (status === 400) res.status(400).json({ error: "本文が JSON として読めません (body is not valid JSON)" });
    else if (status === 413) res.status(413).json({ error: "本文が大きすぎます (body too large)" });
    else next(err);
  });

  return router;
}
