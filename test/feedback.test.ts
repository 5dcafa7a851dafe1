// 「解決した」「解決しない」 under an answer: which replies ask, what the user gets back, what the log is told.
import type { messagingApi, webhook } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventHandler } from "../src/bot/handle-event.ts";
import type { BotReply } from "../src/bot/types.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { lineLimits } from "../src/reply/limits.ts";
import { feedbackActions, parsePostback } from "../src/reply/postback-data.ts";
import { createUnderstander } from "../src/understand/understand.ts";
import { postbackEvent, textMessageEvent } from "./support/webhook.ts";

const catalog = loadCatalog("data");
const kurashi = loadCatalog("test/fixtures/catalogs/kurashi");
const handle = createEventHandler({ catalog, understand: createUnderstander(catalog) });
// A Monday: the consultation line (平日9:00～17:00) is open at 10:00 and closed at 20:00.
const open = DateTime.fromISO("2026-11-16T10:00", { zone: "Asia/Tokyo" });
const closed = DateTime.fromISO("2026-11-16T20:00", { zone: "Asia/Tokyo" });

const chipsOf = (reply: BotReply | null) => ((reply?.messages.at(-1)?.quickReply?.items ?? []).map((i) => i.action) as messagingApi.PostbackAction[]).map((a) => a.label);
const ask = (text: string, now = open) => handle(textMessageEvent(text), { now });
const tap = (data: string, now = open) => handle(postbackEvent(data), { now });
const [resolvedData, unresolvedData] = feedbackActions().map((a) => (a as messagingApi.PostbackAction).data ?? "");

function textsOf(reply: BotReply | null): string {
  return JSON.stringify(reply?.messages ?? []);
}

describe("asking whether an answer helped", () => {
  it("offers 「解決した」「解決しない」 first under an answer to a typed question: cards, a list or the referral", () => {
    for (const text of ["テレワーク相談センターの電話番号", "助成金の一覧", "テレワークで使えるツール"]) {
      const reply = ask(text);
      expect(chipsOf(reply).slice(0, 2)).toEqual(["解決した", "解決しない"]);
      expect(chipsOf(reply).length).toBeLessThanOrEqual(lineLimits.quickReplyItems);
      expect(reply?.record?.questionText).toBe(text);
    }
    expect(ask("テレワークで使えるツール")?.record?.decision).toBe("referral");
  });

  it("does not ask after a greeting, a refusal, a question it could not answer, or a button tap", () => {
    for (const reply of [ask("こんにちは"), ask("確定申告のやり方"), ask("ランチのおすすめを教えて"), tap("a=cat&id=subsidy")]) {
      expect(chipsOf(reply)).not.toContain("解決しない");
      expect(reply?.record?.questionText).toBeUndefined();
    }
  });

  it("keeps the engine's top three with scores, and no per-event data: the same question gets the very same reply", () => {
    const first = ask("在宅勤務の機器に補助出る？");
    expect(first?.record?.candidates?.length).toBeGreaterThan(0);
    expect(first?.record?.candidates?.length).toBeLessThanOrEqual(3);
    for (const c of first?.record?.candidates ?? []) expect(catalog.resources.map((r) => r.id)).toContain(c.resourceId);
    // A second bot, so the reply is made again rather than taken from the first one's memo of recent replies.
    const again = createEventHandler({ catalog, understand: createUnderstander(catalog) })(textMessageEvent("在宅勤務の機器に補助出る？"), { now: open });
    expect(JSON.stringify(again?.messages)).toBe(JSON.stringify(first?.messages));
  });

  it("answers 「解決しない」 with an apology and the consultation line's status now, and tells the log", () => {
    const reply = tap(unresolvedData ?? "", open);
    expect(reply?.record).toEqual({ decision: "feedback", resourceIds: [], feedback: "unresolved" });
    const [sorry, card] = reply?.messages ?? [];
    expect(sorry).toMatchObject({ type: "text" });
    expect((sorry as messagingApi.TextMessage).text).toContain("お役に立てず、申し訳ありません。");
    expect((sorry as messagingApi.TextMessage).text).toContain("テレワーク相談センター");
    expect(card).toMatchObject({ type: "flex" });
    expect(JSON.stringify(card)).toContain("受付中");
    expect(JSON.stringify(tap(unresolvedData ?? "", closed)?.messages)).toContain("受付時間外");
    // It does not ask again, and keeps the conversation's memory as it was.
    expect(chipsOf(reply)).not.toContain("解決しない");
    expect(reply?.memory).toBeUndefined();
  });

  it("thanks for 「解決した」", () => {
    const reply = tap(resolvedData ?? "");
    expect(reply?.record?.feedback).toBe("resolved");
    expect(textsOf(reply)).toContain("お知らせいただき、ありがとうございます。");
  });

  it("in another catalog's voice: its own referral by default, and a plain apology when it has none", () => {
    const referral = kurashi.resources.find((r) => r.id === kurashi.voice.referral?.resource);
    const withReferral = createEventHandler({ catalog: kurashi, understand: createUnderstander(kurashi) });
    expect(textsOf(withReferral(postbackEvent(unresolvedData ?? ""), { now: open }))).toContain(`お役に立てず、申し訳ありません。${referral?.name}に直接ご相談いただけます。`);
    const none = { ...kurashi, voice: { ...kurashi.voice, referral: undefined } };
    const reply = createEventHandler({ catalog: none, understand: createUnderstander(none) })(postbackEvent(unresolvedData ?? ""), { now: open });
    expect(textsOf(reply)).toContain("お役に立てず、申し訳ありません。言葉を変えてお尋ねいただくか");
    expect(reply?.record?.feedback).toBe("unresolved");
  });

  it("reads back only the data it writes", () => {
    expect(parsePostback(resolvedData ?? "", catalog)).toEqual({ action: "feedback", resolved: true });
    expect(parsePostback(unresolvedData ?? "", catalog)).toEqual({ action: "feedback", resolved: false });
    for (const tampered of ["a=fb", "a=fb&v=maybe", "a=fb&v=no&v=yes", "a=fb&v=no&id=tw-sodan", "a=cat&id=subsidy&v=no", "a=fb&a=fb&v=no"]) {
      expect(parsePostback(tampered, catalog)).toBeNull();
    }
  });
});

describe("the postback a tampered feedback chip sends", () => {
  it("is answered with the help text, never as feedback", () => {
    const event: webhook.Event = postbackEvent("a=fb&v=perhaps");
    const reply = handle(event, { now: open });
    expect(reply?.reason).toBe("postback:unknown");
    expect(reply?.record?.feedback).toBeUndefined();
  });
});
