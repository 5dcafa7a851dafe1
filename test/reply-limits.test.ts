import type { messagingApi } from "@line/bot-sdk";
import { describe, expect, it } from "vitest";
import { enforceLineLimits, fitText, jsonBytes } from "../src/reply/limits.ts";

type Message = messagingApi.Message;

const text = (value: string): messagingApi.TextMessage => ({ type: "text", text: value });
const postback = (label: string, data = "a=help"): messagingApi.PostbackAction => ({ type: "postback", label, data, displayText: label });
const uriButton = (label: string, uri: string): messagingApi.FlexButton => ({ type: "button", action: { type: "uri", label, uri } });

function bubble(contents: messagingApi.FlexComponent[]): messagingApi.FlexBubble {
  return { type: "bubble", size: "mega", body: { type: "box", layout: "vertical", contents } };
}

function flex(contents: messagingApi.FlexContainer, altText = "カード"): messagingApi.FlexMessage {
  return { type: "flex", altText, contents };
}

describe("fitText", () => {
  it("cuts at a grapheme boundary and marks the cut", () => {
    expect(fitText("テレワーク相談センター", 6)).toBe("テレワーク…");
    expect(fitText("👨‍👩‍👧‍👦👨‍👩‍👧‍👦", 12)).toBe("👨‍👩‍👧‍👦…");
    expect(fitText("短い", 20)).toBe("短い");
  });
});

describe("enforceLineLimits", () => {
  it("keeps five messages and moves the quick reply to the last one kept", () => {
    const quickReply = { items: [{ type: "action", action: postback("使い方") }] };
    const messages: Message[] = [...["1", "2", "3", "4", "5", "6"].map(text), { ...text("7"), quickReply }];
    const fitted = enforceLineLimits(messages);
    expect(fitted.map((m) => (m as messagingApi.TextMessage).text)).toEqual(["1", "2", "3", "4", "5"]);
    expect(fitted[4]?.quickReply).toEqual(quickReply);
  });

  it("never sends an empty text and shortens a long one to 5000", () => {
    const fitted = enforceLineLimits([text(""), text("あ".repeat(6000))]);
    expect(fitted).toHaveLength(1);
    expect((fitted[0] as messagingApi.TextMessage).text).toHaveLength(5000);
  });

  it("drops a mailto or javascript button and keeps tel, https and line", () => {
    const [message] = enforceLineLimits([
      flex(
        bubble([
          uriButton("メール", "mailto:sodan@japan-telework.or.jp"),
          uriButton("危険", "javascript:alert(1)"),
          uriButton("電話", "tel:0120916479"),
          uriButton("サイト", "https://www.tw-sodan.jp/"),
          uriButton("長すぎ", `https://example.jp/${"a".repeat(1000)}`),
          uriButton("LINE", "line://nv/chat"),
        ]),
      ),
    ]);
    const labels = ((message as messagingApi.FlexMessage).contents as messagingApi.FlexBubble).body?.contents.map((b) => (b as messagingApi.FlexButton).action.label);
    expect(labels).toEqual(["電話", "サイト", "LINE"]);
  });

  it("trims quick replies to 13 items with labels of at most 20 characters", () => {
    const items = Array.from({ length: 15 }, (_, i) => ({ type: "action", action: postback(`とても長いラベルのボタン${i}番目です、本当に長い`) }));
    const [message] = enforceLineLimits([{ ...text("はい"), quickReply: { items } }]);
    expect(message?.quickReply?.items).toHaveLength(13);
    for (const item of message?.quickReply?.items ?? []) expect(item.action?.label?.length).toBeLessThanOrEqual(20);
  });

  it("drops a button whose postback data is too long rather than cutting the data", () => {
    const [message] = enforceLineLimits([flex(bubble([{ type: "button", action: postback("押す", "a".repeat(301)) }, { type: "text", text: "本文" }]))]);
    expect(JSON.stringify(message)).not.toContain("押す");
  });

  it("keeps a carousel within 12 bubbles and 50 KB by dropping trailing bubbles", () => {
    const bubbles = Array.from({ length: 20 }, (_, i) => bubble([{ type: "text", text: `${i} ${"説明".repeat(3000)}` }]));
    const [message] = enforceLineLimits([flex({ type: "carousel", contents: bubbles })]);
    const carousel = (message as messagingApi.FlexMessage).contents as messagingApi.FlexCarousel;
    expect(carousel.contents.length).toBeGreaterThan(0);
    expect(carousel.contents.length).toBeLessThanOrEqual(12);
    expect(jsonBytes(carousel)).toBeLessThanOrEqual(50_000);
    expect(carousel.contents[0]?.body?.contents[0]).toMatchObject({ text: expect.stringMatching(/^0 /) });
  });

  it("shortens the texts of a bubble over 30 KB", () => {
    const [message] = enforceLineLimits([flex(bubble([{ type: "text", text: "テ".repeat(20_000) }]))]);
    expect(jsonBytes((message as messagingApi.FlexMessage).contents)).toBeLessThanOrEqual(30_000);
  });

  it("fills an empty altText from the card's first text and cuts a long one to 1500", () => {
    const [blank] = enforceLineLimits([flex(bubble([{ type: "text", text: "テレワーク相談センター" }]), "")]);
    expect((blank as messagingApi.FlexMessage).altText).toBe("テレワーク相談センター");
    const [long] = enforceLineLimits([flex(bubble([{ type: "text", text: "x" }]), "あ".repeat(2000))]);
    expect((long as messagingApi.FlexMessage).altText).toHaveLength(1500);
  });
});
