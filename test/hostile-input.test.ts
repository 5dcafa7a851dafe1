import { gzipSync } from "node:zlib";
import type { webhook } from "@line/bot-sdk";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import type { EventHandler } from "../src/bot/types.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { WEBHOOK_BODY_LIMIT_BYTES } from "../src/server/webhook.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import type { RecordedCall } from "./support/fake-line-api.ts";
import { replyCallViolations } from "./support/line-limit-checks.ts";
import { ACCESS_TOKEN, CHANNEL_SECRET, type TestServer, startTestServer } from "./support/test-server.ts";
import { postWebhook, postbackEvent, sign, textMessageEvent, ulid, unfollowEvent, webhookBody } from "./support/webhook.ts";

// Hostile and broken input through the real bot: signed webhook → real handler and catalog →
// fake LINE API. Whatever arrives, the server answers with the right status and stays healthy,
// nothing unsigned reaches the handler, and every reply it sends is one the evaluator accepts.

const catalog = loadCatalog("data");
const bot = createEventHandler({ catalog, understand: createUnderstander(catalog) });

interface Started extends TestServer {
  /** How many events reached the bot's handler. */
  handled(): number;
}

let server: Started | undefined;
const sentSignatures: string[] = [];

async function start(): Promise<Started> {
  let handled = 0;
  const counting: EventHandler = (event, context) => {
    handled++;
    return bot(event, context);
  };
  const s = await startTestServer({ handleEvent: counting });
  server = { ...s, handled: () => handled };
  return server;
}

/** Signs and posts a body (a string is sent as is, so it can be anything). */
function post(s: TestServer, body: string, contentType?: string) {
  sentSignatures.push(sign(body, CHANNEL_SECRET));
  return postWebhook(s.baseUrl, body, { secret: CHANNEL_SECRET, contentType });
}

const tokenOf = (call: RecordedCall) => (call.body as { replyToken?: unknown }).replyToken;
const repliesTo = (s: TestServer, token: string | undefined) => s.lineApi.replies().filter((c) => tokenOf(c) === token);
const handlerErrors = (s: TestServer) => s.logs.records().filter((r) => r.msg === "event handling failed");

/** Exactly one reply call for the token, and one the evaluator's LINE checks accept. */
function expectOneGoodReply(s: TestServer, token: string | undefined): void {
  const calls = repliesTo(s, token);
  expect(calls).toHaveLength(1);
  expect(replyCallViolations(calls[0] as RecordedCall, ACCESS_TOKEN)).toEqual([]);
}

afterEach(async () => {
  if (!server) return;
  const s = server;
  server = undefined;
  expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
  await s.close();
  const logText = s.logs.lines.join("\n");
  // Short made-up signatures ("", "abc") would match anywhere; real ones are 44 characters.
  for (const secret of [CHANNEL_SECRET, ACCESS_TOKEN, ...sentSignatures.filter((sig) => sig.length >= 16)]) expect(logText).not.toContain(secret);
  sentSignatures.length = 0;
});

describe("unsigned or wrongly signed webhooks", () => {
  const body = webhookBody([textMessageEvent("テレワークの相談窓口")]);
  const valid = sign(body, CHANNEL_SECRET);

  it.each([
    ["an empty signature", ""],
    ["a short signature", "abc"],
    ["the HMAC in hex instead of base64", Buffer.from(valid, "base64").toString("hex")],
    ["the valid signature less its last two characters", valid.slice(0, -2)],
    ["the valid signature with a flipped character", (valid[0] === "A" ? "B" : "A") + valid.slice(1)],
    ["a valid signature over a different body", sign(webhookBody([textMessageEvent("別の本文")]), CHANNEL_SECRET)],
    ["the valid signature of the body without its last byte", sign(body.slice(0, -1), CHANNEL_SECRET)],
    ["an HMAC keyed with the access token", sign(body, ACCESS_TOKEN)],
  ])("answers 401 to %s, and the handler never runs", async (_case, signature) => {
    const s = await start();
    sentSignatures.push(signature);
    const response = await postWebhook(s.baseUrl, body, { signature });
    expect(response.status).toBe(401);
    await s.settle();
    expect(s.handled()).toBe(0);
    expect(s.lineApi.calls).toHaveLength(0);
  });

  it("answers 401 to any other header: 300 random forgeries", async () => {
    const s = await start();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.base64String({ minLength: 44, maxLength: 44 }), fc.string({ maxLength: 100 })), async (signature) => {
        fc.pre(!Buffer.from(signature, "base64").equals(Buffer.from(valid, "base64")));
        expect((await postWebhook(s.baseUrl, body, { signature })).status).toBe(401);
      }),
      { numRuns: 300 },
    );
    await s.settle();
    expect(s.handled()).toBe(0);
    expect(s.lineApi.calls).toHaveLength(0);
  });

  it("accepts the genuine HMAC in a lax base64 spelling, which is no forgery", async () => {
    // The SDK compares decoded bytes, and Node's base64 decoder drops missing padding and stops
    // at the first "=". Only the channel secret can produce those 32 bytes, and a replayed event
    // is caught by its webhookEventId, so this leniency lets nothing new through.
    const s = await start();
    const unpadded = textMessageEvent("助成金");
    const unpaddedBody = webhookBody([unpadded]);
    const unpaddedSignature = sign(unpaddedBody, CHANNEL_SECRET).replace(/=+$/, "");
    expect((await postWebhook(s.baseUrl, unpaddedBody, { signature: unpaddedSignature })).status).toBe(200);

    const doubled = textMessageEvent("相談窓口");
    const doubledBody = webhookBody([doubled]);
    const doubledSignature = sign(doubledBody, CHANNEL_SECRET);
    sentSignatures.push(unpaddedSignature, doubledSignature);
    expect((await postWebhook(s.baseUrl, doubledBody, { signature: `${doubledSignature}, ${doubledSignature}` })).status).toBe(200);

    await s.settle();
    expectOneGoodReply(s, unpadded.replyToken);
    expectOneGoodReply(s, doubled.replyToken);
  });

  it("answers 401 to a correctly signed body with bytes appended after signing", async () => {
    const s = await start();
    const response = await postWebhook(s.baseUrl, `${body} `, { signature: valid });
    expect(response.status).toBe(401);
    await s.settle();
    expect(s.handled()).toBe(0);
    expect(s.lineApi.calls).toHaveLength(0);
  });

  it.each(["/webhook/", "/WEBHOOK", "/webhook?events=1"])("routes %s to the same signature check", async (route) => {
    const s = await start();
    const response = await fetch(`${s.baseUrl}${route}`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(401);
    await s.settle();
    expect(s.handled()).toBe(0);
  });

  it.each(["PATCH", "OPTIONS", "HEAD"])("answers 405 to %s /webhook", async (method) => {
    const s = await start();
    expect((await fetch(`${s.baseUrl}/webhook`, { method })).status).toBe(405);
  });
});

describe("bodies over the size limit", () => {
  it("answers 413 to a correctly signed body over the limit, and parses nothing", async () => {
    const s = await start();
    const event = textMessageEvent("テレワーク");
    const body = webhookBody([{ ...event, padding: "x".repeat(WEBHOOK_BODY_LIMIT_BYTES) }]);
    expect((await post(s, body)).status).toBe(413);
    await s.settle();
    expect(s.handled()).toBe(0);
    expect(s.lineApi.calls).toHaveLength(0);
  });

  it("answers 413 to a chunked body with no content-length that grows past the limit", async () => {
    const s = await start();
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // A sender that never stops: the server must cut it off rather than buffer it all.
        if (sent > 4 * WEBHOOK_BODY_LIMIT_BYTES) controller.close();
        else controller.enqueue(chunk);
        sent += chunk.length;
      },
    });
    const response = await fetch(`${s.baseUrl}/webhook`, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    expect(response.status).toBe(413);
    expect(s.handled()).toBe(0);
  });

  it("answers 413 to a gzip body that inflates past the limit (a compression bomb), and 415 to an unknown encoding", async () => {
    const s = await start();
    const bomb = gzipSync(Buffer.alloc(64 * WEBHOOK_BODY_LIMIT_BYTES, 0x20));
    expect(bomb.length).toBeLessThan(WEBHOOK_BODY_LIMIT_BYTES / 4);
    const headers = { "content-type": "application/json", "content-encoding": "gzip", "x-line-signature": "abc" };
    expect((await fetch(`${s.baseUrl}/webhook`, { method: "POST", headers, body: bomb })).status).toBe(413);

    const unknown = { ...headers, "content-encoding": "x-made-up" };
    expect((await fetch(`${s.baseUrl}/webhook`, { method: "POST", headers: unknown, body: "{}" })).status).toBe(415);
    expect(s.handled()).toBe(0);
  });

  it("answers 413 to 10,000 realistic events (far beyond any LINE batch)", async () => {
    const s = await start();
    const body = webhookBody(Array.from({ length: 10_000 }, (_, i) => textMessageEvent(`質問${i}`)));
    expect(Buffer.byteLength(body)).toBeGreaterThan(WEBHOOK_BODY_LIMIT_BYTES);
    expect((await post(s, body)).status).toBe(413);
    await s.settle();
    expect(s.handled()).toBe(0);
  });
});

describe("signed bodies that are not what LINE sends", () => {
  it.each([
    ["an empty body", ""],
    ["a truncated document", '{"destination":"U0","events":[{"type":"message"'],
    ["single quotes", "{'destination':'U0','events':[]}"],
    ["a trailing comma", '{"destination":"U0","events":[],}'],
    ["a byte-order mark before the JSON", '\uFEFF{"destination":"U0","events":[]}'],
    ["NaN", '{"destination":"U0","events":[NaN]}'],
  ])("answers 400 to invalid JSON: %s", async (_case, body) => {
    const s = await start();
    const response = await post(s, body);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: "malformed_json" });
    expect(s.handled()).toBe(0);
  });

  const event = () => textMessageEvent("テレワーク");
  it.each([
    ["the body is null", "null"],
    ["the body is a string", '"events"'],
    ["the body is a number", "42"],
    ["events is null", JSON.stringify({ destination: "U0", events: null })],
    ["events is a string", JSON.stringify({ destination: "U0", events: "[]" })],
    ["destination is a number", JSON.stringify({ destination: 1, events: [event()] })],
    ["type is a number", JSON.stringify({ destination: "U0", events: [{ ...event(), type: 1 }] })],
    ["replyToken is a number", JSON.stringify({ destination: "U0", events: [{ ...event(), replyToken: 12345 }] })],
    ["webhookEventId is an object", JSON.stringify({ destination: "U0", events: [{ ...event(), webhookEventId: { $gt: "" } }] })],
    ["mode is an array", JSON.stringify({ destination: "U0", events: [{ ...event(), mode: ["active"] }] })],
    ["events nest 100,000 levels deep", `{"destination":"U0","events":${"[".repeat(100_000)}${"]".repeat(100_000)}}`],
  ])("answers 400 to signed JSON of the wrong types: %s, and handles none of it", async (_case, body) => {
    const s = await start();
    const response = await post(s, body);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: "invalid_body" });
    await s.settle();
    expect(s.handled()).toBe(0);
    expect(s.lineApi.calls).toHaveLength(0);
  });

  it("ignores a field nested 100,000 levels deep that it does not read, and answers the event", async () => {
    const s = await start();
    const event = textMessageEvent("テレワーク相談センター");
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const body = webhookBody([{ ...event, extra: "PLACEHOLDER" }]).replace('"PLACEHOLDER"', deep);
    expect((await post(s, body)).status).toBe(200);
    await s.settle();
    expectOneGoodReply(s, event.replyToken);
  });

  it("answers unknown event and message types LINE may add, without failing", async () => {
    const s = await start();
    const futureEvent = { ...unfollowEvent(), type: "teleport", replyToken: "0".repeat(32), teleport: { to: "moon" } };
    const futureMessage = { ...textMessageEvent(""), message: { type: "hologram", id: "1", hologram: { frames: 3 } } };
    expect((await post(s, webhookBody([futureEvent, futureMessage]))).status).toBe(200);
    await s.settle();
    // Unknown event: nothing to say. Unknown message type in a 1:1 chat: the "please type" reply.
    expect(repliesTo(s, futureEvent.replyToken)).toHaveLength(0);
    expectOneGoodReply(s, futureMessage.replyToken);
    expect(handlerErrors(s)).toEqual([]);
  });

  it("contains events missing the fields the bot reads: logged with their id, the rest of the batch answered", async () => {
    const s = await start();
    const good = textMessageEvent("助成金");
    const { message: _none, ...noMessage } = textMessageEvent("x");
    const textNotString = { ...textMessageEvent("x"), message: { type: "text", id: "1", text: 42 } };
    const mentioneesNotArray = {
      ...textMessageEvent("x", { source: { type: "group", groupId: `C${"1".repeat(32)}` } }),
      message: { type: "text", id: "1", text: "@bot 助成金", mention: { mentionees: "all" } },
    };
    const postbackWithoutData = { ...postbackEvent("x"), postback: undefined };
    const broken = [noMessage, textNotString, mentioneesNotArray];

    expect((await post(s, webhookBody([...broken, postbackWithoutData, good]))).status).toBe(200);
    await s.settle();
    expectOneGoodReply(s, good.replyToken);
    expectOneGoodReply(s, postbackWithoutData.replyToken);
    for (const event of broken) expect(repliesTo(s, event.replyToken)).toHaveLength(0);
    expect(handlerErrors(s).map((r) => r.webhookEventId).sort()).toEqual(broken.map((e) => e.webhookEventId).sort());
  });

  it("accepts 10,000 events in one request, answers each that needs it once, and stays responsive", async () => {
    const s = await start();
    // Realistic events would pass the size limit long before 10,000, so most are minimal ones without a reply token.
    const replyable = Array.from({ length: 100 }, (_, i) => textMessageEvent(`テレワーク${i}`));
    const silent = Array.from({ length: 9_900 }, () => ({ type: "unfollow", webhookEventId: ulid() }));
    const body = webhookBody([...silent.slice(0, 4_950), ...replyable, ...silent.slice(4_950)]);
    expect(Buffer.byteLength(body)).toBeLessThan(WEBHOOK_BODY_LIMIT_BYTES);

    expect((await post(s, body)).status).toBe(200);
    const healthStartedAt = performance.now();
    expect((await fetch(`${s.baseUrl}/healthz`)).status).toBe(200);
    expect(performance.now() - healthStartedAt).toBeLessThan(1000);
    await s.settle();
    expect(s.handled()).toBe(replyable.length);
    expect(s.logs.records().filter((r) => r.msg === "event without reply token skipped")).toHaveLength(silent.length);
    for (const event of replyable) expectOneGoodReply(s, event.replyToken);
    expect(s.lineApi.replies()).toHaveLength(replyable.length);
  });

  it.each([
    ["text/plain", "text/plain"],
    ["form-encoded", "application/x-www-form-urlencoded"],
    ["multipart", "multipart/form-data; boundary=x"],
    ["none", ""],
  ])("authenticates by signature, not content type: a signed body sent as %s is answered", async (_case, contentType) => {
    // LINE always sends application/json, but the HMAC is what proves the sender; the header proves nothing.
    const s = await start();
    const event = textMessageEvent("テレワーク");
    expect((await post(s, webhookBody([event]), contentType)).status).toBe(200);
    await s.settle();
    expectOneGoodReply(s, event.replyToken);
  });
});

describe("message texts through the whole event path", () => {
  const texts: [string, string][] = [
    ["empty", ""],
    ["whitespace only", " \u3000\t\n \r\n"],
    ["5,000 characters", "テレワーク".repeat(1000)],
    ["5,000 UTF-16 units of astral emoji", "🍎".repeat(2500)],
    ["control characters", "\u0000\u0001\u0007\u0008\u001b[31m助成金\u001b[0m\u007f\u0085"],
    ["zero-width characters", "テ\u200bレ\u200cワ\u200dー\u2060ク\ufeff"],
    ["RTL and bidi marks", "\u202eクーワレテ\u202c\u200f\u200e\u2067相談\u2069"],
    ["emoji sequences", "👨‍👩‍👧‍👦🇯🇵🏳️‍🌈👍🏽❤️‍🔥 テレワーク"],
    ["combining marks", "テ\u3099レ\u309Aワ\u0301ー\u0300\u0300\u0300\u0300ク"],
    ["mixed scripts", "テレワークtelework远程办公재택근무удалёнка العمل عن بعد"],
    ["lone surrogates", "\uD800助成金\uDFFF"],
    ["SQL fragments", "'; DROP TABLE resources; -- 助成金' OR '1'='1"],
    ["HTML and script", '<script>alert(1)</script><img src=x onerror="alert(2)">相談窓口</b>'],
    ["template and format strings", "${process.env.LINE_CHANNEL_SECRET} {{7*7}} %s%s%n %x"],
    ["a path and a prototype key", "../../etc/passwd __proto__ constructor"],
    ["a string shaped like postback data", "a=res&id=tw-sodan"],
    ["a URL", "https://www.tw-sodan.jp/?q=<x>&a=open&id=tw-sodan"],
    ["a long number", "9".repeat(400)],
    ["one phone number asked about 40 times", "今つながる？0120-91-6479".repeat(40)],
  ];

  it.each(texts)("answers %s once, within LINE's limits", async (_case, text) => {
    const s = await start();
    const event = textMessageEvent(text);
    expect((await post(s, webhookBody([event]))).status).toBe(200);
    await s.settle();
    expectOneGoodReply(s, event.replyToken);
    expect(handlerErrors(s)).toEqual([]);
  });
});

describe("postback data through the whole event path", () => {
  /** Postback data the bot itself wrote on its buttons, read back from a real reply. */
  async function realPostbackData(s: TestServer): Promise<string[]> {
    const event = textMessageEvent("助成金");
    await post(s, webhookBody([event]));
    await s.settle();
    const found = JSON.stringify(repliesTo(s, event.replyToken)[0]?.body).match(/"data":"[^"]+"/g) ?? [];
    return [...new Set(found.map((d) => (JSON.parse(`{${d}}`) as { data: string }).data))];
  }

  it("answers the bot's own postback data and every tampered or oversized variant, once each", async () => {
    const s = await start();
    const own = await realPostbackData(s);
    expect(own.length).toBeGreaterThan(2);

    const tampered = own.flatMap((data) => [
      `${data}&x=1`,
      `${data}&a=help`,
      data.replace(/id=[^&]+/, "id=not-a-resource"),
      data.replace(/id=[^&]+/, "id=__proto__"),
      data.replace(/a=[^&]+/, "a=delete"),
      data.slice(0, -1),
      `${data}${"&id=tw-sodan".repeat(40)}`,
      encodeURIComponent(data),
    ]);
    const hostile = [
      "",
      " ",
      "a=",
      "=&=&=",
      "%",
      "%E3%81",
      "a=res&id=tw-sodan\u0000",
      "a=cat&id=constructor",
      "a=res&id=toString",
      "a=open&id=../../etc/passwd",
      '{"a":"res","id":"tw-sodan"}',
      "a=res&id=<script>alert(1)</script>",
      "x".repeat(301),
      "a=help".padEnd(10_000, "&"),
      "あ".repeat(100_000),
    ];
    const events = [...own, ...tampered, ...hostile].map((data) => postbackEvent(data));
    // Several small signed requests, as LINE would batch them.
    for (let i = 0; i < events.length; i += 10) expect((await post(s, webhookBody(events.slice(i, i + 10)))).status).toBe(200);
    await s.settle();

    for (const event of events) expectOneGoodReply(s, event.replyToken);
    expect(handlerErrors(s)).toEqual([]);
    const reasons = s.logs.records().filter((r) => r.msg === "event handled" && r.eventType === "postback");
    expect(reasons.filter((r) => r.reason === "postback:unknown").length).toBeGreaterThanOrEqual(hostile.length);
  });
});

// Pieces people (and attackers) type: kana, emoji with joiners and flags, invisible and bidi
// controls, markup, injection attempts, postback look-alikes.
const pieces = fc.constantFrom(
  "テレワーク",
  "助成金",
  "今つながる？",
  "相談窓口",
  "東京",
  "👨‍👩‍👧‍👦",
  "🇯🇵",
  "\u200b",
  "\u202e",
  "\u0000",
  "\u001b[2J",
  "\uD800",
  "<script>",
  "'; DROP TABLE x;--",
  "a=res&id=tw-sodan",
  "%E3%81",
  " ",
  "\n",
  "ｱｲｳ",
  "0120-91-6479",
);
const anyText = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 60 }), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 60 }), weight: 2 },
  { arbitrary: fc.array(pieces, { maxLength: 20 }).map((p) => p.join("")), weight: 4 },
  // LINE caps a user's text at 5,000 UTF-16 units; long ones are what make replies grow.
  { arbitrary: fc.tuple(fc.array(pieces, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 5000 })).map(([p, n]) => p.join("").repeat(n).slice(0, 5000)), weight: 1 },
);
const ids = [...catalog.resources.map((r) => r.id), ...catalog.categories.map((c) => c.id), "nope", "__proto__", ""];
const anyPostbackData = fc.oneof(
  fc.array(fc.oneof(fc.constantFrom("a=cat", "a=open", "a=res", "a=help", "a=", "&", "=", "%"), fc.constantFrom(...ids).map((id) => `id=${id}`)), { maxLength: 12 }).map((p) => p.join("&")),
  anyText,
);
// Ids and reply tokens are made per run, not generated: a shrunk counterexample must not be a
// redelivery that de-duplication rightly skips.
const anyEventContent = fc.oneof(
  { arbitrary: anyText.map((text) => ({ text })), weight: 3 },
  { arbitrary: anyPostbackData.map((data) => ({ data })), weight: 2 },
);
const eventFor = (content: { text: string } | { data: string }): webhook.Event =>
  "text" in content ? textMessageEvent(content.text) : postbackEvent(content.data);

describe("anything a user could type or a client could post back (property)", () => {
  it("gets exactly one reply per event, within LINE's limits, and no handler error", async () => {
    const s = await start();
    let events = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anyEventContent, { minLength: 1, maxLength: 10 }), async (contents) => {
        const batch = contents.map(eventFor);
        const before = s.lineApi.replies().length;
        expect((await post(s, webhookBody(batch))).status).toBe(200);
        await s.lineApi.waitForReplies(before + batch.length, 10_000);
        for (const event of batch) expectOneGoodReply(s, "replyToken" in event ? event.replyToken : undefined);
        events += batch.length;
      }),
      { numRuns: 500 },
    );
    await s.settle();
    expect(events).toBeGreaterThan(2000);
    expect(s.logs.records().filter((r) => r.level >= 50)).toEqual([]);
  }, 120_000);
});
