import type { webhook } from "@line/bot-sdk";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import type { BotContext, EventHandler } from "../src/bot/types.ts";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { WEBHOOK_BODY_LIMIT_BYTES } from "../src/server/webhook.ts";
import { createLogger } from "../src/log.ts";
import { createSharedState } from "../src/store/state.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { SHARED_REDIS_URL, runPrefix, sharedRedisAvailable } from "./support/redis.ts";
import { ACCESS_TOKEN, CHANNEL_SECRET, FIXED_NOW, type TestServer, startTestServer } from "./support/test-server.ts";
import {
  followEvent,
  joinEvent,
  postWebhook,
  postbackEvent,
  sign,
  standbyTextEvent,
  stickerMessageEvent,
  textMessageEvent,
  unfollowEvent,
  userId,
  webhookBody,
} from "./support/webhook.ts";

/** Replies with what it received, so a test can tell which event a reply belongs to. */
const echo: EventHandler = (event) => {
  const what = event.type === "message" && event.message.type === "text" ? event.message.text : event.type;
  return { messages: [{ type: "text", text: `受け取りました: ${what}` }], reason: "stub:echo" };
};

let server: TestServer | undefined;
const sentTexts: string[] = [];
const sentSignatures: string[] = [];

async function start(options: Partial<Parameters<typeof startTestServer>[0]> = {}): Promise<TestServer> {
  server = await startTestServer({ handleEvent: echo, ...options });
  return server;
}

/** Posts signed events and remembers what must never show up in the logs. */
async function send(target: TestServer, ...events: webhook.Event[]) {
  for (const e of events) if (e.type === "message" && e.message.type === "text") sentTexts.push(e.message.text);
  const body = webhookBody(events);
  sentSignatures.push(sign(body, CHANNEL_SECRET));
  return postWebhook(target.baseUrl, body, { secret: CHANNEL_SECRET });
}

afterEach(async () => {
  if (!server) return;
  await server.close();
  const logText = server.logs.lines.join("\n");
  for (const secret of [CHANNEL_SECRET, ACCESS_TOKEN, ...sentSignatures, ...sentTexts]) expect(logText).not.toContain(secret);
  server = undefined;
  sentTexts.length = 0;
  sentSignatures.length = 0;
});

describe("POST /webhook with a valid signature", () => {
  it("answers 200 and replies with the handler's messages using the access token", async () => {
    const s = await start();
    const event = textMessageEvent("テレワークの相談窓口を教えて");

    const response = await send(s, event);
    expect(response.status).toBe(200);

    const [reply] = await s.lineApi.waitForReplies(1);
    expect(reply?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(reply?.headers["content-type"]).toMatch(/^application\/json/);
    expect(reply?.body).toEqual({
      replyToken: event.replyToken,
      messages: [{ type: "text", text: "受け取りました: テレワークの相談窓口を教えて" }],
    });
  });

  it("gives the handler the injected clock", async () => {
    const seen: BotContext[] = [];
    const s = await start({ handleEvent: (event, context) => (seen.push(context), echo(event, context)) });
    await send(s, textMessageEvent("今やってる？"));
    await s.settle();
    expect(seen.map((c) => c.now.toISO())).toEqual([FIXED_NOW.toISO()]);
  });

  it("replies to postback, follow, join and sticker events, and skips unfollow (no reply token)", async () => {
    const s = await start();
    const events = [postbackEvent("action=list&category=subsidy"), followEvent(), joinEvent(), stickerMessageEvent(), unfollowEvent()];
    expect((await send(s, ...events)).status).toBe(200);
    await s.settle();

    const tokens = s.lineApi.replies().map((r) => (r.body as { replyToken: string }).replyToken);
    expect(tokens.sort()).toEqual(events.flatMap((e) => ("replyToken" in e && e.replyToken ? [e.replyToken] : [])).sort());
  });

  it("checks the signature on the raw bytes (LINE escapes emoji as \\uXXXX)", async () => {
    const s = await start();
    const event = textMessageEvent("PLACEHOLDER");
    const body = webhookBody([event]).replace("PLACEHOLDER", "在宅勤務\\uD83E\\uDD28");
    sentTexts.push("在宅勤務");

    expect((await postWebhook(s.baseUrl, body, { secret: CHANNEL_SECRET })).status).toBe(200);
    const [reply] = await s.lineApi.waitForReplies(1);
    expect(reply?.body).toMatchObject({ messages: [{ text: "受け取りました: 在宅勤務🤨" }] });
  });

  it("answers 200 before the reply call finishes", async () => {
    const s = await start();
    s.lineApi.plan({ delayMs: 800 });
    const startedAt = performance.now();
    expect((await send(s, textMessageEvent("助成金"))).status).toBe(200);
    expect(performance.now() - startedAt).toBeLessThan(500);
    await s.lineApi.waitForReplies(1);
  });

  it("answers 200 to LINE's verification request (empty events) without replying", async () => {
    const s = await start();
    const response = await send(s);
    expect(response.status).toBe(200);
    await s.settle();
    expect(s.lineApi.calls).toHaveLength(0);
  });
});

describe("POST /webhook rejections", () => {
  it("answers 401 to a wrong signature and replies to nothing", async () => {
    const s = await start();
    const body = webhookBody([textMessageEvent("こんにちは")]);
    const forged = sign(body, "not-the-channel-secret");
    sentSignatures.push(forged);

    const response = await postWebhook(s.baseUrl, body, { signature: forged });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ error: "invalid_signature" });
    await s.settle();
    expect(s.lineApi.calls).toHaveLength(0);
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "webhook rejected", reason: "signature mismatch" }));
  });

  it("answers 401 when the signature header is missing", async () => {
    const s = await start();
    const response = await postWebhook(s.baseUrl, webhookBody([textMessageEvent("こんにちは")]), { signature: null });
    expect(response.status).toBe(401);
    await s.settle();
    expect(s.lineApi.calls).toHaveLength(0);
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "webhook rejected", reason: "missing signature" }));
  });

  it("answers 400 to a validly signed body that is not JSON, without logging it", async () => {
    const s = await start();
    const body = '{"events": [ 在宅勤務の相談';
    sentTexts.push("在宅勤務の相談");
    const response = await postWebhook(s.baseUrl, body, { secret: CHANNEL_SECRET });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: "malformed_json" });
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "webhook rejected", reason: "malformed JSON" }));
  });

  it.each([
    ["events is not an array", JSON.stringify({ destination: "U0", events: {} })],
    ["events is missing", JSON.stringify({ destination: "U0" })],
    ["the body is an array", JSON.stringify([])],
    ["an event is not an object", JSON.stringify({ destination: "U0", events: ["message"] })],
    ["an event has no type", JSON.stringify({ destination: "U0", events: [{ replyToken: "x" }] })],
  ])("answers 400 to signed JSON of the wrong shape: %s", async (_case, body) => {
    const s = await start();
    const response = await postWebhook(s.baseUrl, body, { secret: CHANNEL_SECRET });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: "invalid_body" });
    await s.settle();
    expect(s.lineApi.calls).toHaveLength(0);
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "webhook rejected", reason: "unexpected body shape" }));
  });

  it.each([["application/json"], ["text/plain"], [""]])("answers 413 to a body over the limit (content-type %j)", async (contentType) => {
    const s = await start();
    const body = Buffer.alloc(WEBHOOK_BODY_LIMIT_BYTES + 1, "a");
    const response = await postWebhook(s.baseUrl, body, { secret: CHANNEL_SECRET, contentType });
    expect(response.status).toBe(413);
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "request rejected", status: 413 }));
  });

  it("accepts a body just under the limit", async () => {
    const s = await start();
    const event = textMessageEvent("");
    const padding = "x".repeat(WEBHOOK_BODY_LIMIT_BYTES - webhookBody([{ ...event, padding: "" }]).length);
    const body = webhookBody([{ ...event, padding }]);
    expect(body.length).toBe(WEBHOOK_BODY_LIMIT_BYTES);
    expect((await postWebhook(s.baseUrl, body, { secret: CHANNEL_SECRET })).status).toBe(200);
  });
});

describe("event handling", () => {
  it("answers two messages of one user in one webhook in order, the second from the memory the first left (on Redis)", async (context) => {
    if (!(await sharedRedisAvailable())) return context.skip();
    const catalog = loadCatalog("data");
    // On Redis every read is a round trip: without ordering, the second message reads before the first writes.
    const state = createSharedState({ redisUrl: SHARED_REDIS_URL, keyPrefix: runPrefix(), memoryTtlMs: 60_000, commandTimeoutMs: 1000, logger: createLogger("silent") });
    const s = await start({ handleEvent: createEventHandler({ catalog, understand: createUnderstander(catalog) }), state });
    context.onTestFinished(() => state.store.close());
    const source = { type: "user" as const, userId: userId() };
    const first = textMessageEvent("テレワーク相談センター", { source });
    const second = textMessageEvent("メールでも相談できる？", { source });
    expect((await send(s, first, second)).status).toBe(200);
    await s.settle();

    const byToken = new Map(s.lineApi.replies().map((call) => [(call.body as { replyToken: string }).replyToken, JSON.stringify(call.body)]));
    expect(byToken.get(second.replyToken ?? "")).toContain("sodan@japan-telework.or.jp");
    expect(s.logs.records().find((r) => r.msg === "event handled" && r.followUp === "email")).toBeDefined();
  });

  it("handles an event once even when it arrives again (same webhookEventId)", async () => {
    const s = await start();
    const event = textMessageEvent("テレワーク相談センター");
    const redelivered = { ...event, deliveryContext: { isRedelivery: true } };

    expect((await send(s, event, event)).status).toBe(200);
    expect((await send(s, redelivered)).status).toBe(200);
    await s.settle();

    expect(s.lineApi.replies()).toHaveLength(1);
    expect(s.logs.records().filter((r) => r.msg === "duplicate event skipped")).toHaveLength(2);
  });

  it("does not reply to standby events", async () => {
    const s = await start();
    expect((await send(s, standbyTextEvent("こんにちは"))).status).toBe(200);
    await s.settle();
    expect(s.lineApi.calls).toHaveLength(0);
  });

  it("keeps replying to other events when the handler throws for one", async () => {
    const s = await start({
      handleEvent: (event, context) => {
        if (event.type === "postback") throw new Error("stub failure");
        return echo(event, context);
      },
    });
    const good = textMessageEvent("就業規則のひな形");
    expect((await send(s, postbackEvent("broken"), good)).status).toBe(200);
    await s.settle();

    expect(s.lineApi.replies().map((r) => (r.body as { replyToken: string }).replyToken)).toEqual([good.replyToken]);
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "event handling failed", eventType: "postback", level: 50 }));
  });

  it("makes no reply call when the handler returns null", async () => {
    const s = await start({ handleEvent: () => null });
    expect((await send(s, textMessageEvent("ありがとう"))).status).toBe(200);
    await s.settle();
    expect(s.lineApi.calls).toHaveLength(0);
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "event handled without reply", eventType: "message" }));
  });

  it("logs event type, id, reason and latency for a handled event", async () => {
    const s = await start();
    const event = textMessageEvent("相談窓口");
    await send(s, event);
    await s.settle();
    expect(s.logs.records()).toContainEqual(
      expect.objectContaining({
        msg: "event handled",
        level: 30,
        eventType: "message",
        messageType: "text",
        webhookEventId: event.webhookEventId,
        reason: "stub:echo",
        replied: true,
        ms: expect.any(Number),
      }),
    );
  });
});

describe("when the LINE API fails", () => {
  it("logs a 500 with its status, body and x-line-request-id, and stays up", async () => {
    const s = await start();
    s.lineApi.plan({ status: 500, body: { message: "Internal error" } });

    await send(s, textMessageEvent("テレワーク"));
    await s.settle();
    const [failed] = s.lineApi.replies();
    expect(s.logs.records()).toContainEqual(
      expect.objectContaining({ msg: "reply rejected by LINE", status: 500, requestId: failed?.requestId, body: { message: "Internal error" }, level: 50 }),
    );
    expect(s.lineApi.replies()).toHaveLength(1);

    expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
    const later = textMessageEvent("助成金");
    await send(s, later);
    const replies = await s.lineApi.waitForReplies(2);
    expect(replies[1]?.body).toMatchObject({ replyToken: later.replyToken });
  });

  it("logs a non-JSON error body as text", async () => {
    const s = await start();
    s.lineApi.plan({ status: 502, body: "<html>Bad Gateway</html>" });
    await send(s, textMessageEvent("テレワーク"));
    await s.settle();
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "reply rejected by LINE", status: 502, body: "<html>Bad Gateway</html>" }));
  });

  it("aborts a reply call that hangs past the timeout, logs it, and stays up", async () => {
    const s = await start({ replyTimeoutMs: 300 });
    s.lineApi.plan({ delayMs: 10_000 });

    await send(s, textMessageEvent("テレワーク"));
    await s.settle();
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "reply timed out and was aborted", timeoutMs: 300, level: 50 }));
    // The fake API sees the connection closed: the request was really cancelled, not just abandoned.
    await expect.poll(() => s.lineApi.replies()[0]?.aborted).toBe(true);

    expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
    await send(s, textMessageEvent("助成金"));
    await s.lineApi.waitForReplies(2);
    await s.settle();
    expect(s.logs.records().filter((r) => r.msg === "reply sent")).toHaveLength(1);
  });
});

describe("other routes", () => {
  it("GET /healthz reports the catalog", async () => {
    const s = await start();
    const response = await fetch(`${s.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", catalog: { version: "test-2026.03", resources: 3 } });
  });

  it("answers 404 JSON to unknown paths", async () => {
    const s = await start();
    const response = await fetch(`${s.baseUrl}/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "not_found" });
  });

  it.each(["GET", "PUT", "DELETE"])("answers 405 to %s /webhook", async (method) => {
    const s = await start();
    const response = await fetch(`${s.baseUrl}/webhook`, { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });

  it("mounts the simulator without letting its JSON parser touch webhook bodies", async () => {
    const simulator = express.Router();
    simulator.use(express.json());
    simulator.post("/api/simulate", (req, res) => {
      res.json({ got: req.body });
    });
    const s = await start({ simulator });

    const simulated = await fetch(`${s.baseUrl}/api/simulate`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"text":"hi"}' });
    expect(await simulated.json()).toEqual({ got: { text: "hi" } });
    expect((await send(s, textMessageEvent("こんにちは"))).status).toBe(200);
    await s.lineApi.waitForReplies(1);
  });
});

describe("without LINE credentials", () => {
  it("answers 503 on POST /webhook with an explanation, and stays healthy", async () => {
    const s = await start({ withLine: false });
    const response = await postWebhook(s.baseUrl, webhookBody([textMessageEvent("こんにちは")]), { secret: CHANNEL_SECRET });
    expect(response.status).toBe(503);
    expect(response.json).toMatchObject({ error: "webhook_disabled", message: expect.stringContaining("LINE_CHANNEL_SECRET") });
    expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
  });
});

describe("stopping", () => {
  it("finishes an accepted event's reply before resolving", async () => {
    const s = await start();
    s.lineApi.plan({ delayMs: 500 });
    await send(s, textMessageEvent("テレワーク"));

    expect(await s.running.stop(5000)).toBe(true);
    expect(s.lineApi.replies()).toHaveLength(1);
    expect(s.lineApi.replies()[0]?.aborted).toBe(false);
    expect(s.logs.records()).toContainEqual(expect.objectContaining({ msg: "reply sent" }));
  });

  it("lets a request in progress finish, without waiting out its keep-alive connection", async () => {
    const slow = express.Router();
    slow.get("/slow", (_req, res) => void setTimeout(() => res.json({ done: true }), 300));
    const s = await start({ simulator: slow });

    const inProgress = fetch(`${s.baseUrl}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const startedAt = performance.now();
    expect(await s.running.stop(5000)).toBe(true);
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(await (await inProgress).json()).toEqual({ done: true });
  });

  it("gives up after its deadline", async () => {
    const s = await start({ replyTimeoutMs: 10_000 });
    s.lineApi.plan({ delayMs: 5000 });
    await send(s, textMessageEvent("テレワーク"));

    const startedAt = performance.now();
    expect(await s.running.stop(300)).toBe(false);
    expect(performance.now() - startedAt).toBeLessThan(1000);
  });

  it("refuses new connections once stopping", async () => {
    const s = await start();
    await s.running.stop(1000);
    await expect(fetch(`${s.baseUrl}/healthz`)).rejects.toThrow();
  });
});
