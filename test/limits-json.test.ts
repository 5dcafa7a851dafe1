import type { messagingApi, webhook } from "@line/bot-sdk";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { enforceLineLimits, messagesJson } from "../src/reply/limits.ts";
import { createUnderstander } from "../src/understand/understand.ts";

// The body sent is the JSON made while a reply's bytes were counted: with cards (and their fitted copies and
// JSON) shared between replies, it must still be exactly JSON.stringify of the messages.

const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("テレワーク", "助成金", "\uD800", "\"\\\n", "👨‍👩‍👧‍👦", ""));
const action = fc.oneof(
  fc.record({ type: fc.constant("postback" as const), label: text, data: text }),
  fc.record({ type: fc.constant("uri" as const), label: text, uri: fc.constantFrom("https://example.jp/", "tel:0120-000-000", "javascript:x") }),
  fc.record({ type: fc.constant("message" as const), label: text, text }),
);
const component: fc.Arbitrary<messagingApi.FlexComponent> = fc.letrec<{ c: messagingApi.FlexComponent }>((tie) => ({
  c: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ type: fc.constant("text" as const), text, wrap: fc.option(fc.boolean(), { nil: undefined }), flex: fc.option(fc.integer({ min: -1, max: 3 }), { nil: undefined }) }),
    fc.record({ type: fc.constant("button" as const), action }),
    fc.record({ type: fc.constant("box" as const), layout: fc.constant("vertical" as const), contents: fc.array(tie("c"), { maxLength: 3 }) }),
  ),
})).c;
const bubble = fc.record(
  {
    type: fc.constant("bubble" as const),
    size: fc.option(fc.constantFrom("hecto", "kilo"), { nil: undefined }),
    body: fc.record({ type: fc.constant("box" as const), layout: fc.constant("vertical" as const), contents: fc.array(component, { maxLength: 4 }) }),
    action: fc.option(action, { nil: undefined }),
  },
  { requiredKeys: ["type", "body"] },
);
const message: fc.Arbitrary<messagingApi.Message> = fc.oneof(
  fc.record({ type: fc.constant("text" as const), text }),
  fc.record({ type: fc.constant("flex" as const), altText: text, contents: bubble }),
  fc.record({ type: fc.constant("flex" as const), altText: text, contents: fc.record({ type: fc.constant("carousel" as const), contents: fc.array(bubble, { maxLength: 4 }) }) }),
);
const quickReply = fc.option(fc.record({ items: fc.array(fc.record({ type: fc.constant("action" as const), action }), { maxLength: 4 }) }), { nil: undefined });

describe("the JSON of a fitted reply", () => {
  it("is JSON.stringify of its messages, also when the same bubbles are fitted again", () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), quickReply, (messages, qr) => {
        const withQuickReply = qr ? [...messages.slice(0, -1), { ...(messages.at(-1) as messagingApi.Message), quickReply: qr }] : messages;
        for (let round = 0; round < 2; round++) {
          const fitted = enforceLineLimits(withQuickReply);
          expect(messagesJson(fitted)).toBe(JSON.stringify(fitted));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is JSON.stringify of the messages for the bot's replies, with cards shared between them", () => {
    const catalog = loadCatalog("data");
    const handle = createEventHandler({ catalog, understand: createUnderstander(catalog) });
    const texts = ["テレワークの相談窓口を教えて", "テレワーク導入に使える助成金はありますか？", "今電話つながる窓口ある？", "テレワーク相談センターの電話番号", "東京都のテレワーク助成金ってある？。社員は12名です", "こんにちは"];
    for (const at of ["2026-03-10T10:30:00", "2026-03-14T22:05:00", "2026-03-10T10:30:00"]) {
      const now = DateTime.fromISO(at, { zone: "Asia/Tokyo" });
      for (const [i, t] of texts.entries()) {
        const event = { type: "message", mode: "active", timestamp: 0, webhookEventId: `e${i}`, deliveryContext: { isRedelivery: false }, source: { type: "user", userId: `U${i}` }, replyToken: `r${i}`, message: { type: "text", id: `${i}`, text: t, quoteToken: "q" } } as webhook.Event;
        const reply = handle(event, { now, memory: null });
        expect(reply).not.toBeNull();
        expect(messagesJson(reply?.messages ?? [])).toBe(JSON.stringify(reply?.messages));
      }
    }
  });
});
