import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import path from "node:path";
import type { messagingApi, webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BotContext, BotReply, EventHandler } from "../src/bot/types.ts";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { buildRichMenu } from "../src/richmenu/build.ts";
import { createApp } from "../src/server/app.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { ulid } from "../src/simulator/events.ts";
import { createSimulatorRouter } from "../src/simulator/router.ts";

const fixedNow = DateTime.fromISO("2026-03-16T10:30:00", { zone: "Asia/Tokyo" });

const sampleCard: messagingApi.FlexMessage = {
  type: "flex",
  altText: "テレワーク相談センター",
  contents: {
    type: "bubble",
    body: { type: "box", layout: "vertical", contents: [{ type: "text", text: "テレワーク相談センター", weight: "bold" }] },
  },
  quickReply: {
    items: [{ type: "action", action: { type: "postback", label: "助成金・補助金", data: "a=cat&id=subsidy", displayText: "助成金・補助金について知りたい" } }],
  },
};

interface Call {
  event: webhook.Event;
  context: BotContext;
}

/** Stands in for the real handler: records what it was given and answers with a fixed card. */
function recordingHandler(calls: Call[], reply: () => BotReply | null = () => ({ messages: [sampleCard], reason: "test:card" })): EventHandler {
  return (event, context) => {
    calls.push({ event, context });
    return reply();
  };
}

async function listen(options: {
  handleEvent: EventHandler;
  rateLimit?: { burst: number; perSecond: number };
  trustProxy?: number;
  richMenu?: { request: messagingApi.RichMenuRequest; svg: string };
}): Promise<{ server: Server; base: string }> {
  const logger = pino({ level: "silent" });
  const simulator = createSimulatorRouter({ handleEvent: options.handleEvent, botName: "窓口<案内>&ボット", clock: () => fixedNow, logger, rateLimit: options.rateLimit, richMenu: options.richMenu });
  const { app } = createApp({
    handleEvent: options.handleEvent,
    clock: () => fixedNow,
    logger,
    line: null,
    catalogInfo: { version: "test", resources: 1 },
    simulator,
    trustProxy: options.trustProxy,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function stop(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

async function postEvent(base: string, body: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${base}/simulator/api/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...extraHeaders },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe("simulator endpoint on a loopback server", () => {
  const calls: Call[] = [];
  let replyWith: () => BotReply | null;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    ({ server, base } = await listen({ handleEvent: recordingHandler(calls, () => replyWith()) }));
  });
  afterAll(() => stop(server));
  beforeEach(() => {
    calls.length = 0;
    replyWith = () => ({ messages: [sampleCard], reason: "test:card" });
  });

  it("serves the chat page and its assets with a strict content security policy", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    // The name comes from the catalog, written into the page as text, never as markup.
    const html = await page.text();
    expect(html).toContain("<title>窓口&lt;案内&gt;&amp;ボット — LINE シミュレーター</title>");
    expect(html).toContain('<h1 class="chat-title">窓口&lt;案内&gt;&amp;ボット</h1>');
    expect(html).not.toContain("{{botName}}");

    for (const asset of ["simulator.js", "flex.js", "simulator.css"]) {
      const response = await fetch(`${base}/simulator/assets/${asset}`);
      expect(response.status, asset).toBe(200);
    }
    expect((await fetch(`${base}/simulator/assets/simulator.js`)).headers.get("content-type")).toMatch(/javascript/);
  });

  it("turns a text into a realistic webhook message event and returns the handler's messages", async () => {
    const { status, json } = await postEvent(base, { event: { type: "text", text: "テレワーク相談センターの電話番号" } });
    expect(status).toBe(200);
    expect(json).toEqual({ messages: [sampleCard], reason: "test:card" });

    expect(calls).toHaveLength(1);
    const { event, context } = calls[0]!;
    expect(event).toMatchObject({
      type: "message",
      mode: "active",
      timestamp: fixedNow.toMillis(),
      source: { type: "user", userId: expect.stringMatching(/^U[0-9a-f]{32}$/) },
      replyToken: expect.stringMatching(/^[0-9a-f]{32}$/),
      webhookEventId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
      deliveryContext: { isRedelivery: false },
      message: { type: "text", text: "テレワーク相談センターの電話番号", id: expect.stringMatching(/^\d+$/) },
    });
    expect(context.now.toISO()).toBe(fixedNow.toISO());
  });

  it("delivers a postback with its data, like LINE without the displayText", async () => {
    const { status } = await postEvent(base, { event: { type: "postback", data: "a=cat&id=subsidy", displayText: "助成金・補助金について知りたい" } });
    expect(status).toBe(200);
    const event = calls[0]!.event;
    expect(event.type).toBe("postback");
    expect(event).toMatchObject({ postback: { data: "a=cat&id=subsidy" } });
    expect(JSON.stringify(event)).not.toContain("displayText");
  });

  it("delivers a follow event for the welcome", async () => {
    await postEvent(base, { event: { type: "follow" } });
    expect(calls[0]!.event).toMatchObject({ type: "follow", follow: { isUnblocked: false } });
  });

  it("answers at the requested instant, in Japan time, for that request only", async () => {
    const first = await postEvent(base, { event: { type: "text", text: "今電話つながる？" }, at: "2026-11-23T10:00+09:00" });
    expect(first.status).toBe(200);
    expect(first.json.simulatedNow).toBe("2026-11-23T10:00:00.000+09:00");
    expect(calls[0]!.context.now.offset).toBe(9 * 60);
    expect(calls[0]!.context.now.toISO()).toBe("2026-11-23T10:00:00.000+09:00");
    expect(calls[0]!.event.timestamp).toBe(Date.parse("2026-11-23T01:00:00Z"));

    const utc = await postEvent(base, { event: { type: "text", text: "今電話つながる？" }, at: "2026-11-23T01:00:00Z" });
    expect(utc.json.simulatedNow).toBe("2026-11-23T10:00:00.000+09:00");

    const next = await postEvent(base, { event: { type: "text", text: "今電話つながる？" } });
    expect(next.json).not.toHaveProperty("simulatedNow");
    expect(calls[2]!.context.now.toISO()).toBe(fixedNow.toISO());
  });

  it("returns no messages when the handler has nothing to say", async () => {
    replyWith = () => null;
    const { status, json } = await postEvent(base, { event: { type: "follow" } });
    expect(status).toBe(200);
    expect(json).toEqual({ messages: [], reason: "noReply" });
  });

  it("accepts a text of exactly 5000 characters and refuses 5001", async () => {
    expect((await postEvent(base, { event: { type: "text", text: "あ".repeat(5000) } })).status).toBe(200);
    const tooLong = await postEvent(base, { event: { type: "text", text: "あ".repeat(5001) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json.error).toMatch(/5000 文字以内/);
    expect(calls).toHaveLength(1);
  });

  it.each([
    ["no event", {}, /event/],
    ["an unknown event type", { event: { type: "sticker" } }, /event\.type/],
    ["an empty text", { event: { type: "text", text: "" } }, /text が空/],
    ["a text that is not a string", { event: { type: "text", text: 42 } }, /event\.text/],
    ["a postback without data", { event: { type: "postback" } }, /event\.data/],
    ["an extra property", { event: { type: "follow" }, user: "x" }, /user/],
    ["a time without offset", { event: { type: "follow" }, at: "2026-11-23T10:00" }, /オフセット/],
    ["a time that is not a date", { event: { type: "follow" }, at: "2026-13-45T10:00+09:00" }, /ISO-8601/],
  ])("refuses %s with 400 and a clear error", async (_name, body, message) => {
    const { status, json } = await postEvent(base, body);
    expect(status).toBe(400);
    expect(json.error).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it("refuses a body that is not JSON with 400 and a JSON error", async () => {
    const { status, json } = await postEvent(base, "{not json");
    expect(status).toBe(400);
    expect(json.error).toMatch(/JSON/);
  });

  it("leaves other paths to the app", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    expect((await fetch(`${base}/webhook`, { method: "POST" })).status).toBe(503);
  });
});

describe("simulator rich menu", () => {
  it("serves the menu's areas and picture, and 404 when there is none", async () => {
    const richMenu = buildRichMenu(loadCatalog(path.resolve(import.meta.dirname, "../data")));
    const withMenu = await listen({ handleEvent: recordingHandler([]), richMenu });
    const without = await listen({ handleEvent: recordingHandler([]) });
    try {
      const menu = await fetch(`${withMenu.base}/simulator/api/richmenu`);
      expect(menu.status).toBe(200);
      const body = (await menu.json()) as messagingApi.RichMenuRequest & { imageUrl: string };
      expect(body.areas).toEqual(richMenu.request.areas);
      const picture = await fetch(`${withMenu.base}/${body.imageUrl}`);
      expect(picture.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      expect(await picture.text()).toContain("今つながる窓口");
      expect((await fetch(`${without.base}/simulator/api/richmenu`)).status).toBe(404);
    } finally {
      await stop(withMenu.server);
      await stop(without.server);
    }
  });
});

describe("simulator rate limit", () => {
  it("answers 429 with Retry-After once a client has used its burst", async () => {
    const { server, base } = await listen({ handleEvent: recordingHandler([]), rateLimit: { burst: 2, perSecond: 0.5 } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await postEvent(base, { event: { type: "follow" } })).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await postEvent(base, { event: { type: "follow" } });
      // The window is burst / perSecond = 4 s long; the client is told to wait until it ends.
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(4);
      expect(limited.json.error).toMatch(/too many requests/);
    } finally {
      await stop(server);
    }
  });

  it("behind a trusted proxy, limits each client by X-Forwarded-For; without one, ignores the header", async () => {
    const follow = { event: { type: "follow" } };
    const as = (ip: string) => ({ "x-forwarded-for": ip });
    const behindRouter = await listen({ handleEvent: recordingHandler([]), rateLimit: { burst: 1, perSecond: 0.1 }, trustProxy: 1 });
    try {
      expect((await postEvent(behindRouter.base, follow, as("203.0.113.1"))).status).toBe(200);
      expect((await postEvent(behindRouter.base, follow, as("203.0.113.2"))).status).toBe(200);
      expect((await postEvent(behindRouter.base, follow, as("203.0.113.1"))).status).toBe(429);
    } finally {
      await stop(behindRouter.server);
    }
    const direct = await listen({ handleEvent: recordingHandler([]), rateLimit: { burst: 1, perSecond: 0.1 } });
    try {
      expect((await postEvent(direct.base, follow, as("203.0.113.1"))).status).toBe(200);
      expect((await postEvent(direct.base, follow, as("203.0.113.2"))).status).toBe(429);
    } finally {
      await stop(direct.server);
    }
  });
});

describe("simulator conversations, one per browser tab", () => {
  it("answers a follow-up from what this tab was shown, and nothing from another tab's", async () => {
    const catalog = loadCatalog("data");
    const { server, base } = await listen({ handleEvent: createEventHandler({ catalog, understand: createUnderstander(catalog) }) });
    const tab = (conversation: string) => async (text: string) => (await postEvent(base, { event: { type: "text", text }, conversation })).json;
    try {
      const first = tab("a".repeat(32));
      const second = tab("b".repeat(32));
      await first("テレワーク相談センター");
      const followUp = await first("メールでも相談できる？");
      expect(followUp.reason).toBe("text:followUp:email");
      expect(JSON.stringify(followUp.messages)).toContain("sodan@japan-telework.or.jp");
      expect((await second("メールでも相談できる？")).followUp).toBeUndefined();
      // A request without a conversation (a script) always stands alone.
      expect((await postEvent(base, { event: { type: "text", text: "そこって何時まで？" } })).json.followUp).toBeUndefined();
      expect((await postEvent(base, { event: { type: "text", text: "hi" }, conversation: "not-hex" })).status).toBe(400);
    } finally {
      await stop(server);
    }
  });
});

describe("simulator conversations never stand for a LINE user", () => {
  it("keys a tab's memory by an id that no LINE user can have, so it cannot read or write a real user's memory", async () => {
    const catalog = loadCatalog("data");
    const real = createEventHandler({ catalog, understand: createUnderstander(catalog) });
    const seen: string[] = [];
    const { server, base } = await listen({ handleEvent: (event, context) => (seen.push(event.source?.userId ?? ""), real(event, context)) });
    try {
      await postEvent(base, { event: { type: "text", text: "テレワーク相談センター" }, conversation: "c".repeat(32) });
      expect(seen).toHaveLength(1);
      expect(seen[0]).not.toMatch(/^U[0-9a-f]{32}$/);
    } finally {
      await stop(server);
    }
  });
});

describe("synthetic event ids", () => {
  it("makes ULIDs whose first ten characters encode the time", () => {
    const id = ulid(Date.parse("2026-11-23T01:00:00Z"));
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(id.slice(0, 10)).toBe(ulid(Date.parse("2026-11-23T01:00:00Z")).slice(0, 10));
    expect(id.slice(0, 10) < ulid(Date.parse("2026-11-23T01:00:01Z")).slice(0, 10)).toBe(true);
  });
});
