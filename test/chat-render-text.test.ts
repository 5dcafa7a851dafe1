import type { messagingApi } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import { renderReplyText } from "../src/cli/render-text.ts";

const badge = (label: string): messagingApi.FlexBox => ({
  type: "box",
  layout: "vertical",
  flex: 0,
  backgroundColor: "#6B7280",
  contents: [{ type: "text", text: label, size: "xs" }],
});

const statusCard: messagingApi.FlexBubble = {
  type: "bubble",
  header: {
    type: "box",
    layout: "vertical",
    backgroundColor: "#0E6E8C",
    contents: [
      { type: "text", text: "テレワーク相談センター", weight: "bold" },
      { type: "text", text: "相談窓口｜厚生労働省" },
    ],
  },
  body: {
    type: "box",
    layout: "vertical",
    contents: [
      { type: "text", text: "フリーダイヤル" },
      { type: "box", layout: "horizontal", contents: [{ type: "text", text: "0120-91-6479", flex: 1 }, badge("受付時間外")] },
      { type: "box", layout: "horizontal", contents: [{ type: "text", text: "03-5577-4724", decoration: "line-through" }, badge("受付終了")] },
      { type: "text", text: "受付時間 平日9:00～17:00" },
      { type: "separator" },
      { type: "box", layout: "baseline", contents: [{ type: "text", text: "対象" }, { type: "text", contents: [{ type: "span", text: "中小企業" }, { type: "span", text: "事業主" }] }] },
    ],
  },
  footer: {
    type: "box",
    layout: "vertical",
    contents: [
      { type: "button", style: "primary", action: { type: "uri", label: "0120-91-6479 に電話", uri: "tel:0120916479" } },
      { type: "button", action: { type: "postback", label: "詳しく見る", data: "a=res&id=tw-sodan", displayText: "テレワーク相談センターについて知りたい" } },
    ],
  },
};

const menuBubble: messagingApi.FlexBubble = {
  type: "bubble",
  body: {
    type: "box",
    layout: "vertical",
    contents: [
      { type: "text", text: "ご案内できること", weight: "bold" },
      { type: "button", action: { type: "message", label: "助成金", text: "助成金ある？" } },
    ],
  },
};

const quickReply: messagingApi.QuickReply = {
  items: [
    { type: "action", action: { type: "postback", label: "相談窓口", data: "a=cat&id=consultation", displayText: "相談窓口について知りたい" } },
    { type: "action", action: { type: "message", label: "使い方", text: "使い方" } },
  ],
};

describe("renderReplyText", () => {
  it("prints a card with its title, number and status badge on one line, and its buttons", () => {
    const { text, taps } = renderReplyText([{ type: "flex", altText: "テレワーク相談センター", contents: statusCard }]);
    expect(text.split("\n")).toEqual([
      "【テレワーク相談センター】",
      "  相談窓口｜厚生労働省",
      "  フリーダイヤル",
      "  0120-91-6479  [受付時間外]",
      "  ~~03-5577-4724~~  [受付終了]",
      "  受付時間 平日9:00～17:00",
      `  ${"─".repeat(24)}`,
      "  対象  中小企業事業主",
      "  → 0120-91-6479 に電話 (tel:0120916479)",
      "  [a] 詳しく見る",
    ]);
    expect(taps.get("a")).toMatchObject({ type: "postback", data: "a=res&id=tw-sodan" });
  });

  it("numbers carousel bubbles and letters their buttons in reading order", () => {
    const { text, taps } = renderReplyText([
      { type: "flex", altText: "一覧", contents: { type: "carousel", contents: [statusCard, menuBubble] } },
    ]);
    expect(text).toContain("(1/2)\n【テレワーク相談センター】");
    expect(text).toContain("(2/2)\n【ご案内できること】\n  [b] 助成金");
    expect(taps.get("b")).toMatchObject({ type: "message", text: "助成金ある？" });
  });

  it("numbers the quick replies of the last message only", () => {
    const { text, taps } = renderReplyText([
      { type: "text", text: "こんにちは。\nご用件をどうぞ。", quickReply: { items: [quickReply.items![1]!] } },
      { type: "text", text: "分野からも探せます。", quickReply },
    ]);
    expect(text).toBe("こんにちは。\nご用件をどうぞ。\n\n分野からも探せます。\n\n候補（番号を入力するとタップできます）: [1] 相談窓口  [2] 使い方");
    expect(taps.get("1")).toMatchObject({ type: "postback", data: "a=cat&id=consultation" });
    expect(taps.get("2")).toMatchObject({ type: "message", text: "使い方" });
  });
});
