import { createHmac } from "node:crypto";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { maskPersonalData, shapeExchange } from "../src/analytics/record.ts";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Decision } from "../src/understand/decision.ts";
import { textMessageEvent } from "./support/webhook.ts";

const SECRET = "question-log-test-secret-0123456789abcdef";

describe("masking what could identify a person", () => {
  it.each([
    ["電話は03-1234-5678です", "電話は〔電話番号〕です"],
    ["携帯 090-1234-5678 にください", "携帯 〔電話番号〕 にください"],
    ["０３－１２３４－５６７８に電話して", "〔電話番号〕に電話して"],
    ["フリーダイヤル0120-123-456", "フリーダイヤル〔電話番号〕"],
    ["(03)1234-5678", "〔電話番号〕"],
    ["+81 3 1234 5678", "〔電話番号〕"],
    ["taro.yamada+work@example.co.jp に送って", "〔メール〕 に送って"],
    ["https://example.com/path?q=1 を見た", "〔URL〕 を見た"],
    ["www.example.jp 見ました", "〔URL〕 見ました"],
    ["〒100-8916 千代田区", "〔郵便番号〕 千代田区"],
    ["会員番号 12345678", "会員番号 〔数字〕"],
  ])("%s → %s", (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it("keeps years, amounts of up to four digits and plain questions", () => {
    expect(maskPersonalData("2020年3月に1000円の補助はありますか")).toBe("2020年3月に1000円の補助はありますか");
    expect(maskPersonalData("テレワーク助成金の締め切りは？")).toBe("テレワーク助成金の締め切りは？");
  });
});

describe("a row of the question log", () => {
  const at = DateTime.fromISO("2026-11-01T23:30:00Z");

  it("keeps an HMAC of the user id, never the id, and files the time under the Japan-time day, hour and weekday", () => {
    const event = textMessageEvent("こんにちは");
    const row = shapeExchange({ event, record: { decision: "greeting", resourceIds: [] }, at, latencyMs: 4.6 }, SECRET);
    const userId = (event.source as { userId: string }).userId;
    expect(row.userKey).toBe(createHmac("sha256", SECRET).update(userId).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(userId);
    expect(row).toMatchObject({ occurredAt: at.toMillis(), jstDay: "2026-11-02", jstHour: 8, jstWeekday: 1, chatType: "user", eventType: "message", latencyMs: 5 });
  });

  it("files every instant under the same Japan-time day, hour and weekday as the time-zone database", () => {
    const event = textMessageEvent("x");
    for (let at = DateTime.fromISO("2026-01-01T00:00:00Z"); at.year < 2027; at = at.plus({ hours: 7, minutes: 13 })) {
      const local = at.setZone("Asia/Tokyo");
      const row = shapeExchange({ event, record: { decision: "greeting", resourceIds: [] }, at, latencyMs: 1 }, SECRET);
      expect([row.jstDay, row.jstHour, row.jstWeekday]).toEqual([local.toFormat("yyyy-MM-dd"), local.hour, local.weekday]);
    }
  });

  it("stores the text of an unanswered question masked, and no text for an answered one", () => {
    const event = textMessageEvent("x");
    const unanswered = shapeExchange({ event, record: { decision: "notFound", resourceIds: [], unansweredText: "山田です。090-1111-2222 まで" }, at, latencyMs: 1 }, SECRET);
    expect(unanswered).toMatchObject({ outcome: "unanswered", unansweredText: "山田です。〔電話番号〕 まで" });
    const answered = shapeExchange({ event, record: { decision: "resource", resourceIds: ["a", "b"] }, at, latencyMs: 1 }, SECRET);
    expect(answered).toMatchObject({ outcome: "answered", resourceId: "a", resourceIds: "a b", unansweredText: null, unansweredKey: null });
  });

  it("groups the same question written differently under one key", () => {
    const keyOf = (text: string) => shapeExchange({ event: textMessageEvent(text), record: { decision: "notFound", resourceIds: [], unansweredText: text }, at, latencyMs: 1 }, SECRET).unansweredKey;
    expect(keyOf("ＶＰＮの設定方法")).toBe(keyOf("vpnの設定方法"));
  });
});

describe("the decision the bot hands to the question log", () => {
  const catalog = loadCatalog("data");
  const resourceId = catalog.resources[0]?.id ?? "";
  const categoryId = catalog.categories[0]?.id ?? "";
  const recordFor = (decision: Decision, text: string) => {
    const handle = createEventHandler({ catalog, understand: () => ({ decision, explain: { normalized: text, candidates: [], signals: [], tokens: [], words: [], foreignNouns: [] } }) });
    return handle(textMessageEvent(text), { now: DateTime.fromISO("2026-11-24T10:00", { zone: "Asia/Tokyo" }) })?.record;
  };

  it.each<[string, Decision, object]>([
    ["an answer with resources", { kind: "resources", matches: [{ resourceId, score: 1, matched: [] }] }, { decision: "resource", resourceIds: [resourceId] }],
    ["a category", { kind: "category", categoryId, matched: [] }, { decision: "category", categoryId }],
    ["an in-domain referral", { kind: "referral", resourceId, categoryIds: [categoryId] }, { decision: "referral", resourceIds: [resourceId], unansweredText: "質問" }],
    ["a refusal", { kind: "noMatch", reason: "outOfScope", suggestions: [] }, { decision: "refused", unansweredText: "質問" }],
    ["nothing found", { kind: "noMatch", reason: "unknown", suggestions: [] }, { decision: "notFound", unansweredText: "質問" }],
  ])("%s", (_label, decision, expected) => {
    expect(recordFor(decision, "質問")).toMatchObject(expected);
  });

  it("keeps no text of an answered question", () => {
    expect(recordFor({ kind: "resources", matches: [{ resourceId, score: 1, matched: [] }] }, "質問")).not.toHaveProperty("unansweredText");
  });
});
