import { randomUUID } from "node:crypto";
import { type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import type { webhook } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { createLogger } from "../src/log.ts";
import { createApp } from "../src/server/app.ts";
import { createReplyClient } from "../src/server/reply-client.ts";
import { serve } from "../src/server/serve.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { REPLY_PATH } from "./support/fake-line-api.ts";
import { ACCESS_TOKEN, CHANNEL_SECRET, FIXED_NOW, type LogRecord } from "./support/test-server.ts";
import { postWebhook, sign, textMessageEvent, webhookBody } from "./support/webhook.ts";

// Faults of the outside world, per reply token: LINE rejects, rate-limits, hangs, drops the
// connection or is not there at all. The bot logs each (with LINE's request id when there is
// one), never sends a token twice, keeps answering other users, and stays up.

const catalog = loadCatalog("data");
const bot = createEventHandler({ catalog, understand: createUnderstander(catalog) });

interface Fault {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer after this long; past the bot's timeout this is a hang. */
  delayMs?: number;
  /** Close the connection instead of answering. */
  drop?: boolean;
}

interface ReplyCall {
  token: string;
  requestId: string;
  arrivedAt: number;
  /** The bot gave up (its timeout) before the answer was sent. */
  aborted: boolean;
}

/** A LINE API stand-in that answers each reply token as scripted (and 200 otherwise). */
async function startScriptedLineApi() {
  const script = new Map<string, Fault>();
  const calls: ReplyCall[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.url !== REPLY_PATH) return void res.writeHead(404).end();
      const { replyToken } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { replyToken: string };
      const call: ReplyCall = { token: replyToken, requestId: randomUUID(), arrivedAt: performance.now(), aborted: false };
      calls.push(call);
      const fault = script.get(replyToken) ?? {};
      if (fault.drop) return void req.socket.destroy();
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(fault.status ?? 200, { "content-type": "application/json", "x-line-request-id": call.requestId, ...fault.headers });
        res.end(fault.body ?? (fault.status ? '{"message":"fake error"}' : '{"sentMessages":[{"id":"1"}]}'));
      };
      const timer = setTimeout(answer, fault.delayMs ?? 0);
      res.on("close", () => {
        if (!res.writableEnded) call.aborted = true;
        clearTimeout(timer);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    script,
    calls,
    callsFor: (token: string | undefined) => calls.filter((c) => c.token === token),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The real app and bot on loopback, replying to `lineApiBaseUrl`, logging into memory. */
async function startBot(lineApiBaseUrl: string, replyTimeoutMs: number) {
  const lines: string[] = [];
  const logger = createLogger(
    "debug",
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        done();
      },
    }),
  );
  const replier = createReplyClient({ channelAccessToken: ACCESS_TOKEN, baseUrl: lineApiBaseUrl, timeoutMs: replyTimeoutMs });
  const app = createApp({
    handleEvent: bot,
    clock: () => FIXED_NOW,
    logger,
    line: { channelSecret: CHANNEL_SECRET, replier },
    catalogInfo: { version: catalog.version, resources: catalog.resources.length },
  });
  const running = await serve(app, 0, "127.0.0.1");
  const baseUrl = `http://127.0.0.1:${running.port}`;
  return {
    baseUrl,
    lines,
    records: () => lines.map((l) => JSON.parse(l) as LogRecord),
    async send(...events: webhook.Event[]) {
      const body = webhookBody(events);
      signatures.push(sign(body, CHANNEL_SECRET));
      const { status } = await postWebhook(baseUrl, body, { secret: CHANNEL_SECRET });
      expect(status).toBe(200);
    },
    async settle() {
      expect(await app.drain(10_000)).toBe(true);
    },
    stop: () => running.stop(1000),
  };
}

type Bot = Awaited<ReturnType<typeof startBot>>;
type LineApi = Awaited<ReturnType<typeof startScriptedLineApi>>;

let bots: Bot[] = [];
let lineApi: LineApi | undefined;
const signatures: string[] = [];

async function start(replyTimeoutMs = 2000): Promise<{ s: Bot; api: LineApi }> {
  lineApi = await startScriptedLineApi();
  const s = await startBot(lineApi.baseUrl, replyTimeoutMs);
  bots.push(s);
  return { s, api: lineApi };
}

const tokenOf = (event: webhook.Event) => ("replyToken" in event ? event.replyToken : undefined) as string;

afterEach(async () => {
  for (const s of bots) {
    expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
    await s.stop();
    const logText = s.lines.join("\n");
    for (const secret of [CHANNEL_SECRET, ACCESS_TOKEN, ...signatures]) expect(logText).not.toContain(secret);
  }
  await lineApi?.close();
  bots = [];
  lineApi = undefined;
  signatures.length = 0;
});

describe("LINE rejects a reply", () => {
  it.each<[string, Fault]>([
    ["400 Invalid reply token", { status: 400, body: '{"message":"Invalid reply token"}' }],
    ["401 Authentication failed", { status: 401, body: '{"message":"Authentication failed. Confirm that the access token in the authorization header is valid."}' }],
    ["429 with Retry-After", { status: 429, headers: { "retry-after": "1" }, body: '{"message":"The API rate limit has been exceeded. Try again later."}' }],
    ["503 with an HTML page", { status: 503, headers: { "content-type": "text/html" }, body: "<html>Service Unavailable</html>" }],
  ])("%s: logged with LINE's request id, sent once, never retried, and the next user is answered", async (_case, fault) => {
    const { s, api } = await start();
    const refused = textMessageEvent("テレワークの相談窓口");
    api.script.set(tokenOf(refused), fault);
    await s.send(refused);
    await s.settle();

    const [call] = api.callsFor(tokenOf(refused));
    expect(s.records()).toContainEqual(
      expect.objectContaining({ msg: "reply rejected by LINE", level: 50, status: fault.status, requestId: call?.requestId, webhookEventId: refused.webhookEventId }),
    );
    expect(s.records()).toContainEqual(expect.objectContaining({ msg: "event handled", replied: false, webhookEventId: refused.webhookEventId }));

    const next = textMessageEvent("助成金");
    await s.send(next);
    await s.settle();
    expect(api.callsFor(tokenOf(next))).toHaveLength(1);
    // Past any Retry-After, and still the one call: a reply token is never sent twice.
    const retryAfterMs = 1000 * Number(fault.headers?.["retry-after"] ?? 0);
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs + 200));
    expect(api.callsFor(tokenOf(refused))).toHaveLength(1);
  });
});

describe("LINE cannot be reached", () => {
  it("logs a refused connection (LINE_API_BASE_URL on a closed port) and stays up", async () => {
    const closed = await startScriptedLineApi();
    await closed.close();
    const s = await startBot(closed.baseUrl, 2000);
    bots.push(s);

    const events = [textMessageEvent("テレワーク"), textMessageEvent("助成金")];
    await s.send(...events);
    await s.settle();
    const failures = s.records().filter((r) => r.msg === "reply failed: network error");
    expect(failures.map((r) => r.webhookEventId).sort()).toEqual(events.map((e) => e.webhookEventId).sort());
    expect(failures.every((r) => r.code === "ECONNREFUSED" && r.level === 50)).toBe(true);
  });

  it("logs a connection LINE drops without answering, and sends the token once", async () => {
    const { s, api } = await start();
    const dropped = textMessageEvent("テレワーク");
    api.script.set(tokenOf(dropped), { drop: true });
    await s.send(dropped);
    await s.settle();
    expect(s.records()).toContainEqual(expect.objectContaining({ msg: "reply failed: network error", level: 50, webhookEventId: dropped.webhookEventId }));
    expect(api.callsFor(tokenOf(dropped))).toHaveLength(1);
  });
});

describe("a slow LINE API for one user", () => {
  it.each([
    ["slow but within the timeout", { delayMs: 1200 }, false],
    ["hanging past the timeout", { delayMs: 30_000 }, true],
  ])("%s does not delay another user's reply", async (_case, fault, timesOut) => {
    const { s, api } = await start(2000);
    const userA = textMessageEvent("テレワーク相談センターの電話番号");
    const userB = textMessageEvent("今つながる窓口は？");
    api.script.set(tokenOf(userA), fault);

    await s.send(userA);
    await expect.poll(() => api.callsFor(tokenOf(userA)).length).toBe(1);
    const sentB = performance.now();
    await s.send(userB);
    await expect.poll(() => api.callsFor(tokenOf(userB)).length).toBe(1);
    // B's reply went out while A's call was still open.
    expect((api.callsFor(tokenOf(userB))[0]?.arrivedAt ?? Infinity) - sentB).toBeLessThan(500);
    expect(s.records().some((r) => r.msg === "event handled" && r.webhookEventId === userA.webhookEventId)).toBe(false);

    await s.settle();
    // An aborted call is the bot closing the connection: the request was cancelled, not abandoned.
    await expect.poll(() => api.callsFor(tokenOf(userA))[0]?.aborted).toBe(timesOut);
    expect(s.records()).toContainEqual(expect.objectContaining({ msg: "event handled", webhookEventId: userA.webhookEventId, replied: !timesOut }));
    if (timesOut) expect(s.records()).toContainEqual(expect.objectContaining({ msg: "reply timed out and was aborted", webhookEventId: userA.webhookEventId }));
    expect(api.callsFor(tokenOf(userA))).toHaveLength(1);
  });
});

describe("a burst while LINE misbehaves", () => {
  it("sends every token exactly once, logs every failure, and answers everyone it can", async () => {
    const { s, api } = await start(500);
    const faults: Fault[] = [
      {},
      { status: 429, headers: { "retry-after": "1" } },
      { status: 500 },
      { delayMs: 5000 },
      { drop: true },
      { status: 400, body: '{"message":"Invalid reply token"}' },
    ];
    const events = Array.from({ length: 120 }, (_, i) => textMessageEvent(["テレワーク", "助成金", "相談窓口", "今つながる？"][i % 4] as string));
    events.forEach((e, i) => api.script.set(tokenOf(e), faults[i % faults.length] as Fault));

    // 12 signed requests of 10 events each, all at once.
    await Promise.all(Array.from({ length: 12 }, (_, i) => s.send(...events.slice(i * 10, i * 10 + 10))));
    await s.settle();

    for (const event of events) expect(api.callsFor(tokenOf(event))).toHaveLength(1);
    const handled = s.records().filter((r) => r.msg === "event handled");
    expect(handled).toHaveLength(events.length);
    expect(handled.filter((r) => r.replied === true)).toHaveLength(events.length / faults.length);
    const rejected = s.records().filter((r) => r.msg === "reply rejected by LINE");
    expect(rejected).toHaveLength((3 * events.length) / faults.length);
    const requestIds = new Set(api.calls.map((c) => c.requestId));
    expect(rejected.every((r) => requestIds.has(r.requestId as string))).toBe(true);
    expect(s.records().filter((r) => r.msg === "reply timed out and was aborted")).toHaveLength(events.length / faults.length);
    expect(s.records().filter((r) => r.msg === "reply failed: network error")).toHaveLength(events.length / faults.length);
    expect(s.records().filter((r) => r.msg === "event handling failed")).toEqual([]);
  });
});
