import type { messagingApi, webhook } from "@line/bot-sdk";
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { enforceLineLimits, jsonBytes } from "../src/reply/limits.ts";
import type { Decision, Understanding } from "../src/understand/decision.ts";
import { createUnderstander } from "../src/understand/understand.ts";

type Message = messagingApi.Message;
type Action = messagingApi.Action;
type FlexComponent = messagingApi.FlexComponent;

const catalog = loadCatalog("data");
const graphemes = new Intl.Segmenter("ja", { granularity: "grapheme" });
const graphemeCount = (s: string) => [...graphemes.segment(s)].length;

// An independent reading of LINE's limits (line-platform.md §5–7 and the evaluator's checks).
function violations(messages: Message[]): string[] {
  const found: string[] = [];
  const check = (ok: boolean, what: string) => ok || found.push(what);
  check(messages.length >= 1 && messages.length <= 5, `message count ${messages.length}`);

  const checkAction = (action: Action | undefined, labelMax: number, labelRequired: boolean) => {
    if (!action) return check(false, "missing action");
    const label = action.label;
    if (labelRequired) check(typeof label === "string" && label.length >= 1, "label missing");
    if (label !== undefined) check(label.length <= labelMax && graphemeCount(label) <= labelMax, `label too long: ${label.length}`);
    if (action.type === "postback") {
      check(typeof action.data === "string" && action.data.length >= 1 && action.data.length <= 300, "postback data");
      if (action.displayText !== undefined) check(action.displayText.length <= 300, "displayText");
    }
    if (action.type === "uri") {
      check(typeof action.uri === "string" && action.uri.length <= 1000 && /^(https?|tel|line):/i.test(action.uri), `uri ${action.uri?.slice(0, 30)}`);
    }
  };
  const visit = (c: FlexComponent | undefined): void => {
    if (!c) return;
    if (c.type === "box") c.contents.forEach(visit);
    if (c.type === "button") checkAction(c.action, 40, true);
    else if ("action" in c && c.action) checkAction(c.action, 40, false);
  };
  const checkBubble = (b: messagingApi.FlexBubble) => {
    check(jsonBytes(b) <= 30_000, `bubble ${jsonBytes(b)} bytes`);
    [b.header, b.hero, b.body, b.footer].forEach(visit);
  };

  for (const m of messages) {
    if (m.type === "text") check(m.text.length >= 1 && m.text.length <= 5000, `text length ${m.text.length}`);
    if (m.type === "flex") {
      check(m.altText.length >= 1 && m.altText.length <= 1500, `altText length ${m.altText.length}`);
      if (m.contents.type === "carousel") {
        check(m.contents.contents.length >= 1 && m.contents.contents.length <= 12, `carousel of ${m.contents.contents.length}`);
        check(jsonBytes(m.contents) <= 50_000, `carousel ${jsonBytes(m.contents)} bytes`);
        m.contents.contents.forEach(checkBubble);
      } else checkBubble(m.contents);
    }
    if (m.quickReply) {
      const items = m.quickReply.items ?? [];
      check(items.length >= 1 && items.length <= 13, `quick reply of ${items.length}`);
      items.forEach((i) => checkAction(i.action, 20, true));
    }
  }
  return found;
}

// Text as people (and attackers) send it: kana, emoji with joiners and flags, combining marks, huge repeats.
const pieces = fc.constantFrom("テレワーク", "助成金", "👨‍👩‍👧‍👦", "🇯🇵", "🍎", "é", "か\u3099", "\u0301", "a", " ", "\n", "\uD800", "＃", "0120-91-6479");
const anyText = fc.oneof(
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 3 },
  { arbitrary: fc.array(pieces, { maxLength: 30 }).map((p) => p.join("")), weight: 3 },
  { arbitrary: fc.tuple(fc.array(pieces, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 3000 })).map(([p, n]) => p.join("").repeat(n)), weight: 1 },
);

const anyUri = fc.oneof(
  fc.constantFrom("https://www.tw-sodan.jp/", "tel:0120916479", "line://nv/chat", "mailto:sodan@japan-telework.or.jp", "javascript:alert(1)", "ftp://x", ""),
  fc.integer({ min: 900, max: 1100 }).map((n) => `https://example.jp/${"a".repeat(n)}`),
  anyText,
);

const anyAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ type: fc.constant("postback" as const), label: anyText, data: anyText, displayText: fc.option(anyText, { nil: undefined }) }),
  fc.record({ type: fc.constant("uri" as const), label: anyText, uri: anyUri }),
  fc.record({ type: fc.constant("message" as const), label: anyText, text: anyText }),
);

const anyComponent: fc.Arbitrary<FlexComponent> = fc.letrec<{ component: FlexComponent }>((tie) => ({
  component: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ type: fc.constant("text" as const), text: anyText, wrap: fc.boolean() }),
    fc.record({ type: fc.constant("button" as const), action: anyAction }),
    fc.record({ type: fc.constant("box" as const), layout: fc.constant("vertical" as const), contents: fc.array(tie("component"), { maxLength: 6 }) }),
  ),
})).component;

const anyBubble: fc.Arbitrary<messagingApi.FlexBubble> = fc.record({
  type: fc.constant("bubble" as const),
  size: fc.constantFrom("mega" as const, "kilo" as const),
  body: fc.record({ type: fc.constant("box" as const), layout: fc.constant("vertical" as const), contents: fc.array(anyComponent, { maxLength: 8 }) }),
  footer: fc.record({ type: fc.constant("box" as const), layout: fc.constant("vertical" as const), contents: fc.array(fc.record({ type: fc.constant("button" as const), action: anyAction }), { maxLength: 6 }) }),
});

const anyQuickReply = fc.option(fc.record({ items: fc.array(fc.record({ type: fc.constant("action"), action: anyAction }), { maxLength: 20 }) }), { nil: undefined });

const anyMessage: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ type: fc.constant("text" as const), text: anyText, quickReply: anyQuickReply }),
  fc.record({ type: fc.constant("flex" as const), altText: anyText, contents: anyBubble, quickReply: anyQuickReply }),
  fc.record({
    type: fc.constant("flex" as const),
    altText: anyText,
    contents: fc.record({ type: fc.constant("carousel" as const), contents: fc.array(anyBubble, { maxLength: 16 }) }),
    quickReply: anyQuickReply,
  }),
);

describe("enforceLineLimits (property)", () => {
  it("always returns a reply within LINE's limits, and keeps any non-blank text", () => {
    fc.assert(
      fc.property(fc.array(anyMessage, { maxLength: 8 }), (messages) => {
        const before = structuredClone(messages);
        const fitted = enforceLineLimits(messages);
        expect(messages).toEqual(before);
        const hasText = messages.some((m) => m.type === "text" && m.text.trim().length > 0);
        if (hasText) expect(fitted.length).toBeGreaterThan(0);
        if (fitted.length > 0) expect(violations(fitted)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});

// The whole bot, driven by anything a user could type or a client could post back.
const now = fc.date({ min: new Date("2020-03-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => DateTime.fromJSDate(d).setZone("Asia/Tokyo"));

const ids = [...catalog.resources.map((r) => r.id), ...catalog.categories.map((c) => c.id), "free-dial", "alternate-1", "nope", ""];
const nearValidPostback = fc
  .array(fc.oneof(fc.constantFrom("a=cat", "a=open", "a=res", "a=help", "a=", "&", "id=", "%", "=", "a=%E3%81"), fc.constantFrom(...ids).map((id) => `id=${id}`)), { maxLength: 8 })
  .map((parts) => parts.join("&"));
const anyPostbackData = fc.oneof(nearValidPostback, anyText);

const anyDecision: fc.Arbitrary<Decision> = fc.oneof(
  fc.record({ kind: fc.constant("greeting" as const), variant: fc.constantFrom("hello" as const, "thanks" as const, "help" as const) }),
  fc.record({ kind: fc.constant("category" as const), categoryId: fc.constantFrom(...ids), matched: fc.constant<string[]>([]), region: fc.option(fc.constantFrom("tokyo", "osaka"), { nil: undefined }) }),
  fc.record({
    kind: fc.constant("resources" as const),
    matches: fc.array(fc.record({ resourceId: fc.constantFrom(...ids), score: fc.double(), matched: fc.constant<string[]>([]) }), { maxLength: 14 }),
    region: fc.option(fc.constantFrom("tokyo", "osaka"), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("openNow" as const), resourceIds: fc.array(fc.constantFrom(...ids), { maxLength: 14 }), contactIds: fc.array(fc.constantFrom(...ids), { maxLength: 4 }) }),
  fc.record({
    kind: fc.constant("noMatch" as const),
    reason: fc.constantFrom("empty" as const, "outOfScope" as const, "unknown" as const),
    suggestions: fc.array(fc.record({ resourceId: fc.constantFrom(...ids), score: fc.double(), matched: fc.constant<string[]>([]) }), { maxLength: 6 }),
  }),
);

const eventBase = {
  timestamp: 0,
  mode: "active" as const,
  webhookEventId: "01HZXEXAMPLEEVENTID0000000",
  deliveryContext: { isRedelivery: false },
  replyToken: "f".repeat(32),
};
const user: webhook.Source = { type: "user", userId: `U${"0".repeat(32)}` };
const group: webhook.Source = { type: "group", groupId: `C${"1".repeat(32)}` };

const textEvent = fc.record({ text: anyText, inGroup: fc.boolean() }).map(({ text, inGroup }): webhook.Event => ({
  ...eventBase,
  type: "message",
  source: inGroup ? group : user,
  message: { type: "text", id: "1", quoteToken: "q", text, mention: inGroup ? { mentionees: [{ type: "user", index: 0, length: Math.min(5, text.length), isSelf: true }] } : undefined },
}));
const postbackEvent = anyPostbackData.map((data): webhook.Event => ({ ...eventBase, type: "postback", source: user, postback: { data } }));

function expectGoodReply(reply: ReturnType<ReturnType<typeof createEventHandler>>) {
  expect(reply).not.toBeNull();
  expect(violations(reply!.messages)).toEqual([]);
  expect(reply!.messages.at(-1)?.quickReply?.items?.length).toBeGreaterThanOrEqual(3);
}

describe("createEventHandler (property)", () => {
  const handle = createEventHandler({ catalog, understand: createUnderstander(catalog) });

  it("answers any text or postback without throwing, within limits, with the buttons", () => {
    fc.assert(
      fc.property(fc.oneof(textEvent, postbackEvent), now, (event, at) => {
        expectGoodReply(handle(event, { now: at }));
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  it("renders any decision within limits", () => {
    fc.assert(
      fc.property(anyDecision, now, (decision, at) => {
        const understand = (text: string): Understanding => ({ decision, explain: { normalized: text, candidates: [], signals: [], tokens: [], words: [], foreignNouns: [] } });
        const reply = createEventHandler({ catalog, understand })({ ...eventBase, type: "message", source: user, message: { type: "text", id: "1", quoteToken: "q", text: "質問" } }, { now: at });
        expectGoodReply(reply);
      }),
      { numRuns: 2000 },
    );
  }, 120_000);
});
